namespace SweepCluster.GpuNode.Tests.Runners.Command;

/// <summary>Small stdlib-only Python programs the lifecycle tests run as trial processes.</summary>
internal static class ChildScripts
{
    /// <summary>
    /// A deterministic "trainer": TOTAL steps, a loss and an accuracy per step (pure functions of the
    /// step), honours pause requests (SIGUSR1 and SWEEP_PAUSE_AT_FRACTION) with a JSON checkpoint,
    /// resumes from --resume=PATH. --delay=S sleeps per step; --checkpoint-every-step reports a
    /// checkpoint at every step and ignores the pause fraction (so only the node's SIGUSR1 pauses it).
    /// </summary>
    public const string Counter = """
        import json, os, sys, time
        import sweep_protocol as sweep

        sweep.install()
        args = dict(a[2:].split("=", 1) if "=" in a else (a[2:], "1") for a in sys.argv[1:])
        total, delay = int(args["total"]), float(args.get("delay", "0"))
        every = "checkpoint-every-step" in args
        step = json.load(open(args["resume"]))["step"] if "resume" in args else 0

        def save(step):
            path = os.path.join(sweep.trial_dir(), "ck-%d.json" % step)
            with open(path, "w") as f:
                json.dump({"step": step}, f)
            sweep.checkpoint(os.path.basename(path), step, step / total)

        while step < total:
            step += 1
            if delay:
                time.sleep(delay)
            fraction = step / total
            sweep.metric(step, fraction, "loss", 1.0 / step)
            sweep.metric(step, fraction, "accuracy", (step * 7919 % 101) / 101)
            print("step", step, flush=True)
            if step < total and every:
                save(step)
                if sweep.pause_requested():
                    sys.exit(0)
            elif step < total and sweep.should_pause(fraction):
                save(step)
                sys.exit(0)
        sweep.result(steps=step, metric=(step * 7919 % 101) / 101)
        """;

    /// <summary>
    /// Reports "ready" and sleeps. MODE honour: SIGTERM writes TRIAL_DIR/term and exits 0; MODE
    /// ignore: SIGTERM writes the file and sleeps on. --grandchildren first starts a child with
    /// subprocess and a double-forked orphan, both sleeping, their pids in TRIAL_DIR/pid-*.
    /// --exit exits 0 right after "ready" (leaving the grandchildren behind).
    /// </summary>
    public const string Sleeper = """
        import os, signal, subprocess, sys, time
        import sweep_protocol as sweep

        mode, here = sys.argv[1], sweep.trial_dir()

        def on_term(signum, frame):
            open(os.path.join(here, "term"), "w").close()
            if mode == "honour":
                sys.exit(0)

        signal.signal(signal.SIGTERM, on_term)
        if "--grandchildren" in sys.argv:
            sleeper = "import os, sys, time; open(sys.argv[1] + '.tmp', 'w').write(str(os.getpid())); os.rename(sys.argv[1] + '.tmp', sys.argv[1]); time.sleep(300)"
            subprocess.Popen([sys.executable, "-c", sleeper, os.path.join(here, "pid-child")])
            middle = os.fork()
            if middle == 0:
                if os.fork() == 0:
                    os.execv(sys.executable, [sys.executable, "-c", sleeper, os.path.join(here, "pid-orphan")])
                os._exit(0)
            os.waitpid(middle, 0)
            while not (os.path.exists(os.path.join(here, "pid-child")) and os.path.exists(os.path.join(here, "pid-orphan"))):
                time.sleep(0.01)
        sweep.metric(0, 0.0, "ready", 1)
        if "--exit" in sys.argv:
            sys.exit(0)
        while True:
            time.sleep(1)
        """;

    /// <summary>Writes 30 lines to stderr and exits with code 3.</summary>
    public const string Crash = """
        import sys
        for i in range(30):
            print("err line %d" % i, file=sys.stderr)
        print("to stdout")
        sys.exit(3)
        """;

    /// <summary>Writes its argv (after the script) and selected environment variables to TRIAL_DIR/argv.json.</summary>
    public const string Dump = """
        import json, os, sys
        names = ["CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "SWEEP_DEVICE", "SWEEP_INIT_SEED", "SWEEP_PROTOCOL_FD"]
        with open(os.path.join(os.environ["SWEEP_TRIAL_DIR"], "argv.json"), "w") as f:
            json.dump({"argv": sys.argv[1:], "cwd": os.getcwd(), "env": {n: os.environ.get(n) for n in names}}, f)
        """;

    /// <summary>Writes malformed, huge and binary lines on the protocol descriptor, then one valid metric and a result.</summary>
    public const string Garbage = """
        import os
        fd = int(os.environ["SWEEP_PROTOCOL_FD"])
        os.write(fd, b"hello\n{\"type\":\"metric\"\n" + b"x" * 100000 + b"\n\x00\xff\xfe\n")
        os.write(fd, b'{"type":"metric","step":1,"fraction":1.0,"name":"loss","value":NaN}\r\n{"type":"result","steps":1}\n')
        """;
}
