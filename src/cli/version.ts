/** The version of this package (package.json's, checked by a test) and of the BlueETL it follows. */
export const VERSION = "0.1.0";
export const BLUEETL_VERSION = "0.13.4";
