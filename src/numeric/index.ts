/** Kernels that give numpy's and scipy's numbers: RNG, sums, histograms, Gaussian smoothing. */
export { NumpyRandom } from "./numpy-random.ts";
export { bottleneckStd, mean, nanmean, std, sum } from "./sum.ts";
export { histogram, linspaceEdges } from "./histogram.ts";
export { gaussianFilter, gaussianKernel } from "./gaussian.ts";
