/**
 * One simulation's share of the report, as its task builds it and hands it over: times and values
 * row by row; gids (and sections) row by row for spikes, or per run of rows for frame reports (the
 * frames of one cell); windows and trials per run of rows (a class's trial). The main thread
 * spreads the runs into the report's columns: a frame row crosses as 12 bytes, not 24.
 */
import type { Codes } from "../frame/index.ts";
import { Growable } from "./builder.ts";

/** The rows of one simulation, class by class (`classRows` each), without their simulation, circuit and class columns. */
export interface SimulationReportPart {
  time: Float64Array;
  value: Float32Array;
  /** A gid (and a section: compartment reports) per row or, with `gidRuns`, per run of `gidRuns[r]` rows. */
  gid: Float64Array;
  section: Float64Array;
  gidRuns?: Int32Array | undefined;
  /** Runs of rows of one window and trial: `rows[r]` rows each. */
  trialRuns: { rows: Int32Array; window: Int16Array; trial: Int16Array };
  classRows: Int32Array;
  /** The input files read, as they were when read (for the cache). */
  filesRead: Record<string, unknown>;
  /** The readers' warnings. */
  warnings: string[];
}

/** A part being built. */
export class PartRows {
  readonly time = new Growable(Float64Array, 1024);
  readonly value = new Growable(Float32Array, 1024);
  private readonly gid = new Growable(Float64Array, 1024);
  private readonly section = new Growable(Float64Array, 64);
  private readonly gidRuns = new Growable(Int32Array, 64);
  private readonly runs = { rows: new Growable(Int32Array, 64), window: new Growable(Int16Array, 64), trial: new Growable(Int16Array, 64) };
  private runStart = 0;

  get length(): number {
    return this.time.length;
  }

  /** Room for `rows` frames of `cells` cells in `runs` trials, exactly. */
  expectFrames(rows: number, cells: number, runs: number, sections: boolean): void {
    this.time.expect(rows);
    this.value.expect(rows);
    this.gid.expect(cells);
    this.gidRuns.expect(cells);
    if (sections) this.section.expect(cells);
    for (const column of Object.values(this.runs)) column.expect(runs);
  }

  /** Room for `rows` spikes in `runs` trials of classes, exactly. */
  expectSpikes(rows: number, runs: number): void {
    this.time.expect(rows);
    this.gid.expect(rows);
    for (const column of Object.values(this.runs)) column.expect(runs);
  }

  appendSpikes(time: Float64Array, gid: Float64Array): void {
    this.time.append(time);
    this.gid.append(gid);
  }

  /** A cell's frames: their times, and its column of the frames' `data` (`columns` values a frame). */
  appendCell(gid: number, section: number | undefined, times: Float64Array, data: ArrayLike<number>, column: number, columns: number): void {
    this.gid.push(gid);
    this.gidRuns.push(times.length);
    if (section !== undefined) this.section.push(section);
    this.time.append(times);
    this.value.appendStrided(data, column, columns, times.length);
  }

  /** The rows added since the last run are of this window and trial. */
  endRun(window: number, trial: number): void {
    if (this.length === this.runStart) return;
    this.runs.rows.push(this.length - this.runStart);
    this.runs.window.push(window);
    this.runs.trial.push(trial);
    this.runStart = this.length;
  }

  part(rest: Pick<SimulationReportPart, "classRows" | "filesRead" | "warnings">): SimulationReportPart {
    const frames = this.gidRuns.length > 0;
    return {
      time: this.time.values(),
      value: this.value.values(),
      gid: this.gid.values(),
      section: this.section.values(),
      gidRuns: frames ? this.gidRuns.values() : undefined,
      trialRuns: { rows: this.runs.rows.values(), window: this.runs.window.values(), trial: this.runs.trial.values() },
      ...rest,
    };
  }
}

/** The report's columns that a part's rows go into. */
export interface PartColumns {
  time: Growable<Float64Array>;
  gid: Growable<Float64Array>;
  section: Growable<Float64Array>;
  value: Growable<Float32Array>;
  window: Growable<Codes>;
  trial: Growable<Int16Array>;
  /** The first row of each run of one class's trial. */
  runStarts: Growable<Uint32Array>;
}

/** A part's rows appended to the report's columns, its runs spread row by row. */
export function appendPart(columns: PartColumns, part: SimulationReportPart): void {
  columns.time.append(part.time);
  columns.value.append(part.value);
  const { gidRuns } = part;
  if (gidRuns) {
    gidRuns.forEach((n, r) => {
      columns.gid.fill(part.gid[r]!, n);
      if (part.section.length > 0) columns.section.fill(part.section[r]!, n);
    });
  } else {
    columns.gid.append(part.gid);
    columns.section.append(part.section);
  }
  const { rows, window, trial } = part.trialRuns;
  rows.forEach((n, r) => {
    columns.runStarts.push(columns.window.length);
    columns.window.fill(window[r]!, n);
    columns.trial.fill(trial[r]!, n);
  });
}
