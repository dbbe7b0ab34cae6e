/**
 * One simulation's share of the report, as its task builds it and hands it over. Spikes: times
 * and gids row by row, windows and trials per run of rows (a class's trial), spread into the
 * report's columns by the main thread. Frames (soma and compartment reports, whose rows are
 * counted before any is read): written by the task straight into the report's shared columns,
 * from the simulation's first row, so that only the runs cross.
 */
import type { Codes } from "../frame/index.ts";
import { Growable } from "./builder.ts";

/** The rows of one simulation, class by class (`classRows` each), without their simulation, circuit and class columns. */
export interface SimulationReportPart {
  /** Spikes only (empty for frames, which are in the report's columns already). */
  time: Float64Array;
  gid: Float64Array;
  /** Runs of rows of one window and trial: `rows[r]` rows each. */
  trialRuns: { rows: Int32Array; window: Int16Array; trial: Int16Array };
  classRows: Int32Array;
  /** The input files read, as they were when read (for the cache). */
  filesRead: Record<string, unknown>;
  /** The readers' warnings. */
  warnings: string[];
}

/** Runs of rows of one window and trial, as they end. */
class TrialRuns {
  private readonly rows = new Growable(Int32Array, 64);
  private readonly window = new Growable(Int16Array, 64);
  private readonly trial = new Growable(Int16Array, 64);
  private start = 0;

  /** The rows up to `end` are of this window and trial. */
  end(end: number, window: number, trial: number): void {
    if (end === this.start) return;
    this.rows.push(end - this.start);
    this.window.push(window);
    this.trial.push(trial);
    this.start = end;
  }

  values(): SimulationReportPart["trialRuns"] {
    return { rows: this.rows.values(), window: this.window.values(), trial: this.trial.values() };
  }
}

/** The spikes of a part being built. */
export class PartRows {
  private readonly time = new Growable(Float64Array, 1024);
  private readonly gid = new Growable(Float64Array, 1024);
  private readonly runs = new TrialRuns();

  /** Room for `rows` spikes, exactly. */
  expectSpikes(rows: number): void {
    this.time.expect(rows);
    this.gid.expect(rows);
  }

  appendSpikes(time: Float64Array, gid: Float64Array): void {
    this.time.append(time);
    this.gid.append(gid);
  }

  /** The rows added since the last run are of this window and trial. */
  endRun(window: number, trial: number): void {
    this.runs.end(this.time.length, window, trial);
  }

  part(rest: Pick<SimulationReportPart, "classRows" | "filesRead" | "warnings">): SimulationReportPart {
    return { time: this.time.values(), gid: this.gid.values(), trialRuns: this.runs.values(), ...rest };
  }
}

/** The report's columns, every row (on shared memory: tasks in other threads write their rows into them). */
export interface FrameColumns {
  time: Float64Array;
  value: Float32Array;
  gid: Float64Array;
  /** Compartment reports only (empty otherwise). */
  section: Float64Array;
  window: Codes;
  trial: Int16Array;
  simulationId: Int16Array;
  circuitId: Int16Array;
  neuronClass: Codes;
}

/** Where a simulation's frames go: its rows of the report's columns, from `offset`, `rows` of them. */
export interface FrameTarget {
  columns: FrameColumns;
  offset: number;
  rows: number;
  simulationId: number;
  circuitId: number;
}

/** A simulation's frames written into the report's columns, cell by cell, then the keys of each run and class. */
export class FrameRows {
  private at: number;
  private runStart: number;
  private classStart: number;
  private readonly runs = new TrialRuns();

  constructor(private readonly target: FrameTarget) {
    this.at = this.runStart = this.classStart = target.offset;
  }

  /** A cell's frames: their times, and its column of the frames' `data` (`columns` values a frame). */
  appendCell(gid: number, section: number | undefined, times: Float64Array, data: Float32Array, column: number, columns: number): void {
    const { time, value, gid: gids, section: sections } = this.target.columns;
    const at = this.at;
    const end = at + times.length;
    if (end > this.target.offset + this.target.rows) throw new Error(`simulation ${this.target.simulationId}: more frames than the ${this.target.rows} counted`);
    time.set(times, at);
    for (let k = at, i = column; k < end; k++, i += columns) value[k] = data[i]!;
    gids.fill(gid, at, end);
    if (section !== undefined) sections.fill(section, at, end);
    this.at = end;
  }

  /** The rows added since the last run are of this window and trial. */
  endRun(window: number, trial: number): void {
    const { columns } = this.target;
    columns.window.fill(window, this.runStart, this.at);
    columns.trial.fill(trial, this.runStart, this.at);
    this.runs.end(this.at - this.target.offset, window, trial);
    this.runStart = this.at;
  }

  /** The rows added since the last class are of this class; their number. */
  endClass(code: number): number {
    const { columns, simulationId, circuitId } = this.target;
    columns.simulationId.fill(simulationId, this.classStart, this.at);
    columns.circuitId.fill(circuitId, this.classStart, this.at);
    columns.neuronClass.fill(code, this.classStart, this.at);
    const rows = this.at - this.classStart;
    this.classStart = this.at;
    return rows;
  }

  part(rest: Pick<SimulationReportPart, "classRows" | "filesRead" | "warnings">): SimulationReportPart {
    if (this.at !== this.target.offset + this.target.rows) throw new Error(`simulation ${this.target.simulationId}: ${this.at - this.target.offset} frames written, ${this.target.rows} counted`);
    return { time: new Float64Array(0), gid: new Float64Array(0), trialRuns: this.runs.values(), ...rest };
  }
}

/** The report's columns that a part's spikes go into. */
export interface PartColumns {
  time: Growable<Float64Array>;
  gid: Growable<Float64Array>;
  window: Growable<Codes>;
  trial: Growable<Int16Array>;
  /** The first row of each run of one class's trial. */
  runStarts: Growable<Uint32Array>;
}

/** A part's spikes appended to the report's columns, its runs spread row by row. */
export function appendPart(columns: PartColumns, part: SimulationReportPart): void {
  columns.time.append(part.time);
  columns.gid.append(part.gid);
  const { rows, window, trial } = part.trialRuns;
  rows.forEach((n, r) => {
    columns.runStarts.push(columns.window.length);
    columns.window.fill(window[r]!, n);
    columns.trial.fill(trial[r]!, n);
  });
}
