package dev.palisade.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The class list the images' AOT cache is dumped from (target/image/aot-classes.txt) asks for no lambda of a class
 * file older than Java 6 (major version 50). Such a lambda makes the dump link the old class, which CDS then leaves out
 * of the archive but not wholly: its constant pool cache is written with a C heap address in it, and that address
 * moves between runs on a loaded machine, so two builds of one commit gave different image digests. The
 * reproducibility test sees that only now and then; this one sees its cause every time.
 */
@ImageTest
class AotClassListTest {
    private static final Path CLASS_LIST = Command.PROJECT.resolve("target/image/aot-classes.txt");
    /** The first class file version that the split verifier checks and CDS links at dump time: Java 6. */
    private static final int JAVA_6 = 50;
    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([^;()\\[]+);");

    @Test
    void theImagesClassListSpinsNoLambdaOfAnOldClassFile() throws IOException {
        assertTrue(Files.isRegularFile(CLASS_LIST), CLASS_LIST + " is missing: run 'make image' (make test does) first");
        List<String> lines = Files.readAllLines(CLASS_LIST);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("@lambda-proxy ")), "no lambda in " + CLASS_LIST);
        assertTrue(lines.contains("picocli/CommandLine"), "the old picocli classes themselves stay in the cache");
        try (ClassFileVersions versions = ClassFileVersions.ofTheBuild()) {
            assertEquals(List.of(), lambdasOfOldClassFiles(lines, versions));
        }
    }

    @Test
    void aLambdaNamingPicocliIsFoundAndOneOfNewClassFilesIsNot() throws IOException {
        String picocliHandler = "@lambda-proxy dev/palisade/cli/PalisadeCommand accept (Lpicocli/CommandLine;)"
                + "Ljava/util/function/Consumer; (Ljava/lang/Object;)V REF_invokeVirtual picocli/CommandLine addSubcommand "
                + "(Ljava/lang/Object;)Lpicocli/CommandLine; (Ljava/lang/Class;)V";
        String jackson = "@lambda-proxy dev/palisade/cli/PalisadeCommand apply ()Ljava/util/function/Function; "
                + "(Ljava/lang/Object;)Ljava/lang/Object; REF_invokeStatic com/fasterxml/jackson/databind/ObjectMapper "
                + "builder ()Lcom/fasterxml/jackson/databind/json/JsonMapper$Builder; (Ljava/lang/Object;)Ljava/lang/Object;";
        try (ClassFileVersions versions = ClassFileVersions.ofTheBuild()) {
            assertEquals(OptionalInt.of(49), versions.major("picocli/CommandLine"), "picocli 4.7 is compiled for Java 5");
            assertEquals(List.of(picocliHandler + "  <- picocli/CommandLine (49)"),
                    lambdasOfOldClassFiles(List.of(picocliHandler, jackson, "picocli/CommandLine"), versions));
        }
    }

    /** Each lambda line naming a class (as owner or in a descriptor) whose class file is older than Java 6. */
    static List<String> lambdasOfOldClassFiles(List<String> classList, ClassFileVersions versions) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : classList) {
            if (!line.startsWith("@lambda-proxy ")) {
                continue;
            }
            Set<String> names = new LinkedHashSet<>();
            for (String token : line.split(" ")) {
                if (token.contains("/") && !token.contains("(")) {
                    names.add(token);
                }
                Matcher m = DESCRIPTOR_CLASS.matcher(token);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
            for (String name : names) {
                OptionalInt major = versions.major(name);
                if (major.isPresent() && major.getAsInt() < JAVA_6) {
                    found.add(line + "  <- " + name + " (" + major.getAsInt() + ")");
                    break;
                }
            }
        }
        return found;
    }

    /** The class file versions of the jars the images carry: target/palisade.jar and target/lib (image-app-layout). */
    static final class ClassFileVersions implements AutoCloseable {
        private final List<ZipFile> jars = new ArrayList<>();
        private final Map<String, OptionalInt> known = new HashMap<>();

        static ClassFileVersions ofTheBuild() throws IOException {
            ClassFileVersions versions = new ClassFileVersions();
            Path jar = Command.PROJECT.resolve("target/palisade.jar");
            assertTrue(Files.isRegularFile(jar), jar + " is missing: run 'make build' first");
            versions.jars.add(new ZipFile(jar.toFile()));
            try (Stream<Path> libs = Files.list(Command.PROJECT.resolve("target/lib"))) {
                for (Path lib : libs.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    versions.jars.add(new ZipFile(lib.toFile()));
                }
            }
            return versions;
        }

        /** The major version of the class file of an internal name; empty for the JDK's and unknown classes. */
        OptionalInt major(String internalName) throws IOException {
            OptionalInt cached = known.get(internalName);
            if (cached != null) {
                return cached;
            }
            OptionalInt major = OptionalInt.empty();
            for (ZipFile jar : jars) {
                ZipEntry entry = jar.getEntry(internalName + ".class");
                if (entry != null) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        byte[] head = in.readNBytes(8);
                        assertEquals(8, head.length, "class file " + entry + " in " + jar.getName() + " is cut short");
                        major = OptionalInt.of(((head[6] & 0xff) << 8) | (head[7] & 0xff));
                    }
                    break;
                }
            }
            known.put(internalName, major);
            return major;
        }

        @Override
        public void close() throws IOException {
            for (ZipFile jar : jars) {
                jar.close();
            }
        }
    }
}
