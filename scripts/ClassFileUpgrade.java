import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.ClassFileVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Rewrites the classes of a jar compiled for Java 5 or 6 (class file version below 50) as Java 8 class files (52)
 * with stack maps, in place; the code itself is unchanged. The JDK's AOT cache skips classes that only the old
 * type-inferring verifier can check ("Old class has been linked"): picocli 4.7 is such a jar, and each CLI start then
 * loads, verifies and links its classes again. A jar whose classes are all 50 or newer is left as it is, so running
 * this twice is harmless.
 *
 * <p>Usage: {@code java scripts/ClassFileUpgrade.java JAR_OR_FOLDER...} (a folder: each of its jars)
 */
public final class ClassFileUpgrade {
    private static final int TARGET_MAJOR = 52;

    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                try (var jars = Files.list(path)) {
                    for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                        upgrade(jar);
                    }
                }
            } else {
                upgrade(path);
            }
        }
    }

    private static void upgrade(Path jar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        java.util.List<String> order = new java.util.ArrayList<>();
        java.util.jar.Manifest manifest;
        try (JarFile in = new JarFile(jar.toFile())) {
            manifest = in.getManifest();
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().equals(JarFile.MANIFEST_NAME) || entry.getName().equals("META-INF/")) {
                    continue;
                }
                try (InputStream stream = in.getInputStream(entry)) {
                    entries.put(entry.getName(), stream.readAllBytes());
                    order.add(entry.getName());
                }
            }
        }
        // Stack maps need the class hierarchy: the jar's own classes, then the JDK's.
        ClassHierarchyResolver resolver = ClassHierarchyResolver.ofResourceParsing(desc -> {
            String descriptor = desc.descriptorString(); // Lpicocli/CommandLine;
            byte[] bytes = entries.get(descriptor.substring(1, descriptor.length() - 1) + ".class");
            return bytes == null ? null : new java.io.ByteArrayInputStream(bytes);
        }).orElse(ClassHierarchyResolver.defaultResolver()).cached();
        ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver),
                ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
        int upgraded = 0;
        for (String name : order) {
            if (!name.endsWith(".class") || name.startsWith("META-INF/")) {
                continue;
            }
            ClassModel model = classFile.parse(entries.get(name));
            if (model.majorVersion() >= 50) {
                continue;
            }
            ClassTransform version = (builder, element) -> {
                if (element instanceof ClassFileVersion) {
                    builder.withVersion(TARGET_MAJOR, 0);
                } else {
                    builder.with(element);
                }
            };
            // Rebuilding every method body makes the API compute the stack maps that version 52 requires.
            entries.put(name, classFile.transformClass(model,
                    version.andThen(ClassTransform.transformingMethodBodies((code, element) -> code.with(element)))));
            upgraded++;
        }
        if (upgraded == 0) {
            return;
        }
        Path temporary = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".tmp");
        try (JarOutputStream out = manifest == null ? new JarOutputStream(Files.newOutputStream(temporary))
                : new JarOutputStream(Files.newOutputStream(temporary), manifest)) {
            for (String name : order) {
                JarEntry entry = new JarEntry(name);
                entry.setTime(0);
                out.putNextEntry(entry);
                out.write(entries.get(name));
                out.closeEntry();
            }
        }
        if (Files.getFileStore(jar).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(jar));
        }
        Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("class-file-upgrade: " + jar.getFileName() + ": " + upgraded + " classes rewritten as Java 8 class files");
    }
}
