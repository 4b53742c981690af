package dev.eventgateway.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks one embedded server's data directory as owned by this JVM. The lock is an OS file lock, so the kernel
 * releases it when the owning JVM dies, even by {@code kill -9}; that is what tells a later start that any server
 * still running on the directory is a stale leftover it may stop, while a directory whose owner is alive is refused
 * instead of having its servers killed under a running gateway.
 *
 * <p>Within one JVM an owner that was never closed (a forgotten handle) is closed by the next {@link #acquire},
 * with a warning: a second start on the same directory in the same process can only mean the first was abandoned.
 */
final class OwnerLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerLock.class);

    private static final Map<Path, OwnerLock> HELD = new HashMap<>();

    private final Path file;
    private final String what;
    private final FileChannel channel;
    private final FileLock lock;
    private AutoCloseable owner;
    private boolean released;

    private OwnerLock(Path file, String what, FileChannel channel, FileLock lock) {
        this.file = file;
        this.what = what;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code file}, first closing an unclosed owner of the same file in this JVM.
     *
     * @throws EmbeddedServerException when another live process holds the lock
     * @throws IOException             when the lock file cannot be created or written
     */
    static OwnerLock acquire(Path file, String what) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        OwnerLock previous;
        synchronized (HELD) {
            previous = HELD.get(key);
        }
        if (previous != null) {
            previous.closeAbandonedOwner();
        }
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                throw new EmbeddedServerException(what + " on " + key.getParent() + " is being started by another "
                        + "thread of this process");
            }
            FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException | IOException e) {
                channel.close();
                throw e instanceof IOException ? (IOException) e : new IOException(e);
            }
            if (lock == null) {
                OptionalLong holder = ServerFiles.readPid(key);
                channel.close();
                throw new EmbeddedServerException(what + " data directory " + key.getParent()
                        + " is in use by another running process"
                        + (holder.isPresent() ? " (pid " + holder.getAsLong() + ")" : "")
                        + "; stop it or use another data directory");
            }
            try {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                        .getBytes(StandardCharsets.US_ASCII)), 0);
            } catch (IOException e) {
                lock.release();
                channel.close();
                throw e;
            }
            OwnerLock ownerLock = new OwnerLock(key, what, channel, lock);
            HELD.put(key, ownerLock);
            return ownerLock;
        }
    }

    /** Names the object whose {@code close()} stops the server that holds this lock. */
    void setOwner(AutoCloseable owner) {
        synchronized (HELD) {
            this.owner = owner;
        }
    }

    /**
     * Lets go of the lock without stopping the server, as a crashed JVM would; only for tests of stale-server
     * replacement.
     */
    void abandon() {
        close();
    }

    private void closeAbandonedOwner() {
        AutoCloseable toClose;
        synchronized (HELD) {
            toClose = owner;
        }
        if (toClose == null) {
            return;
        }
        LOG.warn("closing an unclosed {} of this process before starting a new one [dataDir: {}]", what,
                file.getParent());
        try {
            toClose.close();
        } catch (Exception e) {
            LOG.warn("closing the unclosed {} failed [dataDir: {}]", what, file.getParent(), e);
        }
    }

    /** Releases the lock; idempotent. The lock file stays, so that a waiting process never locks a deleted inode. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (released) {
                return;
            }
            released = true;
            HELD.remove(file, this);
        }
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("releasing lock failed [file: {}]", file, e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing lock file failed [file: {}]", file, e);
        }
    }
}
