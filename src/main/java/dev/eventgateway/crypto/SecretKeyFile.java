package dev.eventgateway.crypto;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The secret key of an embedded-mode gateway that was given none: generated once into {@code <dataDir>/secret.key},
 * readable by its owner only, and read back on every later start, so the webhook secrets in the embedded database stay
 * readable across restarts. An external database never uses this: there the key must be configured (ConfigLoader),
 * since every gateway sharing the database needs the same one. Blocking file I/O: start-up only.
 */
public final class SecretKeyFile {

    public static final String FILE_NAME = "secret.key";
    private static final Logger LOG = LoggerFactory.getLogger(SecretKeyFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretKeyFile() {
    }

    /**
     * The key kept in the data dir, created when missing.
     *
     * @throws IllegalStateException when the file exists but does not hold a valid key (never guessed over: a new key
     *                               would make every stored secret unreadable)
     */
    public static Secret loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                create(file);
            }
            Secret key = Secret.ofNullable(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key == null || !SecretCipher.isValidKey(key)) {
                throw new IllegalStateException(file + " does not hold a valid secret key; restore it, or remove it "
                        + "together with the webhooks it encrypted");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    /** Written to a temporary owner-only file and moved into place, so a crash never leaves half a key. */
    private static void create(Path file) throws IOException {
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(temp);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(temp);
            temp.toFile().setReadable(false, false);
            temp.toFile().setReadable(true, true);
            temp.toFile().setWritable(false, false);
            temp.toFile().setWritable(true, true);
        }
        Files.writeString(temp, SecretCipher.newKey() + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temp); // another start won the race: use its key
            return;
        }
        LOG.info("generated the secret key for webhook secrets [file: {}]", file);
    }
}
