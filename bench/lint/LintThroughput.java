import dev.palisade.config.PalisadeConfig;
import dev.palisade.lint.Linter;
import dev.palisade.report.LintRun;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * In-process lint throughput: the whole pipeline a CLI run does after start-up (walk the folder, read and parse every
 * file with field lines, run every enabled built-in check, collect findings), repeated after warm-up so that the JIT
 * has compiled the hot paths. Prints one tab-separated line: objects, checks, findings, median ms, best ms,
 * objects per second at the median.
 *
 * <p>Usage: {@code java -cp 'target/palisade.jar:target/lib/*' bench/lint/LintThroughput.java CORPUS [WARMUPS] [RUNS]}
 */
public class LintThroughput {
    public static void main(String[] args) {
        List<String> paths = List.of(args[0]);
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Linter linter = new Linter(PalisadeConfig.empty(), null, null);
        LintRun run = null;
        for (int i = 0; i < warmups; i++) {
            run = linter.lint(paths, InputStream.nullInputStream());
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            run = linter.lint(paths, InputStream.nullInputStream());
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        double medianMs = nanos[runs / 2] / 1e6;
        double bestMs = nanos[0] / 1e6;
        System.out.printf("%d\t%d\t%d\t%.1f\t%.1f\t%.0f%n", run.objects(), linter.checks().size(), run.findings().size(),
                medianMs, bestMs, run.objects() / (medianMs / 1000));
    }
}
