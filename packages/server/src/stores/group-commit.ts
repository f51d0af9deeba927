interface Pending<Op, Result> {
  op: Op;
  resolve: (r: Result) => void;
  reject: (e: unknown) => void;
}

/**
 * Groups operations submitted during one event-loop turn into a single transaction (given as
 * `runBatch`), so one fsync covers many messages. Each caller's promise settles only after that
 * commit. If the grouped transaction fails, each operation is retried alone, so one bad apple
 * fails alone. Batches run one after another, in submission order.
 */
export class GroupCommitter<Op, Result> {
  private pending: Pending<Op, Result>[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly runBatch: (ops: Op[]) => Promise<Result[]>,
    private readonly maxBatch = 512,
  ) {}

  submit(op: Op): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.running = this.running.then(() => this.flush());
        });
      }
    });
  }

  /** Resolves when everything submitted so far has settled. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.scheduled) {
      await new Promise((r) => setImmediate(r));
      await this.running;
    }
    await this.running;
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const results = await this.runBatch(batch.map((item) => item.op));
        batch.forEach((item, i) => item.resolve(results[i] as Result));
      } catch {
        for (const item of batch) {
          try {
            const [result] = await this.runBatch([item.op]);
            item.resolve(result as Result);
          } catch (error) {
            item.reject(error);
          }
        }
      }
    }
  }
}
