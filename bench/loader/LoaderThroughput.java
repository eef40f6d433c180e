import dev.palisade.source.ManifestLoader;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Loader throughput: walk the corpus folder, read every file and turn each YAML document into a Kubernetes object
 * with the line of every field (what {@code palisade lint} does before any check runs), repeated after warm-up so
 * that the JIT has compiled the hot paths. Prints one tab-separated line: objects, errors, median ms, best ms,
 * objects per second at the median, median CPU ms of the loading thread (steadier than wall time on a busy machine).
 *
 * <p>Usage: {@code java -cp 'target/palisade.jar:target/lib/*' bench/loader/LoaderThroughput.java CORPUS [WARMUPS] [RUNS]}
 */
public class LoaderThroughput {
    public static void main(String[] args) {
        List<String> paths = List.of(args[0]);
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        ManifestLoader loader = new ManifestLoader();
        ManifestLoader.Result result = null;
        for (int i = 0; i < warmups; i++) {
            result = loader.load(paths, InputStream.nullInputStream(), p -> false);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[runs];
        long[] cpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            result = loader.load(paths, InputStream.nullInputStream(), p -> false);
            cpu[i] = threads.getCurrentThreadCpuTime() - startCpu;
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        double medianMs = nanos[runs / 2] / 1e6;
        double bestMs = nanos[0] / 1e6;
        System.out.printf("%d\t%d\t%.1f\t%.1f\t%.0f\t%.1f%n", result.objects().size(), result.errors().size(), medianMs, bestMs,
                result.objects().size() / (medianMs / 1000), cpu[runs / 2] / 1e6);
    }
}
