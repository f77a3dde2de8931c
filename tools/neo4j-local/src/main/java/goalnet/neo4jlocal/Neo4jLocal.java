package goalnet.neo4jlocal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Starts Neo4j Community embedded, serving Bolt on 127.0.0.1, for development and tests.
 *
 * <p>Usage: {@code Neo4jLocal [DATA_DIR [PORT [PASSWORD]]]}. Each argument falls back to an environment
 * variable: {@code NEO4J_LOCAL_DATA}, {@code NEO4J_LOCAL_PORT}, {@code NEO4J_LOCAL_PASSWORD} (prefer the
 * variable for the password, so it does not show in the process list). Optional:
 * {@code NEO4J_LOCAL_PAGECACHE} (page cache size, e.g. {@code 256m}, {@code 1g}; default 256m) and
 * {@code NEO4J_LOCAL_OWNER_PID} (stop when that process is gone; checked every second).
 *
 * <p>Rules:
 * <ul>
 *   <li>DATA_DIR is the Neo4j home: databases go to DATA_DIR/data, logs to DATA_DIR/logs. It is created
 *       when missing; an existing one is reopened (restart keeps the data).</li>
 *   <li>Bolt listens on 127.0.0.1:PORT only, unencrypted; HTTP is off; usage reporting is off.</li>
 *   <li>Auth is on: user {@code neo4j} with PASSWORD (at least 8 characters, Neo4j's minimum), set through
 *       the {@code system} database at every start, so a restart with another password changes it.</li>
 *   <li>Prints {@code [neo4j-local] READY bolt://127.0.0.1:PORT} once Bolt listens and the password is set.</li>
 *   <li>SIGTERM (or SIGINT) shuts the DBMS down cleanly and prints {@code [neo4j-local] STOPPED}.</li>
 *   <li>Exit code 2 for bad arguments, 1 when Neo4j fails to start.</li>
 * </ul>
 */
public final class Neo4jLocal {
    private static final String PREFIX = "[neo4j-local] ";
    private static final int MIN_PASSWORD_LENGTH = 8;
    private static final long DEFAULT_PAGECACHE_BYTES = 256L * 1024 * 1024;

    private Neo4jLocal() {}

    public static void main(String[] args) {
        final Settings settings;
        try {
            settings = Settings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(PREFIX + "ERROR " + e.getMessage());
            System.err.println(PREFIX + "usage: Neo4jLocal DATA_DIR PORT  (password in NEO4J_LOCAL_PASSWORD)");
            System.exit(2);
            return;
        }

        final DatabaseManagementService dbms;
        try {
            Files.createDirectories(settings.home);
            dbms = build(settings);
        } catch (IOException | RuntimeException e) {
            System.err.println(PREFIX + "ERROR Neo4j failed to start in " + settings.home + " on port "
                    + settings.port + ": " + describe(e));
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println(PREFIX + "stopping");
            dbms.shutdown();
            System.out.println(PREFIX + "STOPPED");
            System.out.flush();
        }, "neo4j-local-shutdown"));

        try {
            setPassword(dbms, settings.password);
        } catch (RuntimeException e) {
            System.err.println(PREFIX + "ERROR could not set the password of user neo4j: " + describe(e));
            System.exit(1);
            return;
        }

        if (settings.watchPid > 0) watchParent(settings.watchPid);

        System.out.println(PREFIX + "READY bolt://127.0.0.1:" + settings.port + " user=neo4j home=" + settings.home);
        System.out.flush();

        try {
            new CountDownLatch(1).await(); // runs until a signal ends the JVM; the hook shuts Neo4j down
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Exits (running the shutdown hook) once process {@code pid} is gone, so no server outlives its owner. */
    private static void watchParent(long pid) {
        Thread watcher = new Thread(() -> {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.out.println(PREFIX + "owner process " + pid + " is gone; stopping");
            System.exit(0);
        }, "neo4j-local-owner-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static DatabaseManagementService build(Settings s) {
        SocketAddress bolt = new SocketAddress("127.0.0.1", s.port);
        return new DatabaseManagementServiceBuilder(s.home)
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, s.pagecacheBytes)
                // Small, not preallocated transaction logs: test runs create many short-lived homes.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 64L * 1024 * 1024)
                // Neo4j's internal Bolt settings: without them Netty waits 2 x 5 s quiet periods on shutdown.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .build();
    }

    /**
     * Sets the password of {@code neo4j} and clears "change required". Neo4j refuses to set the password
     * it already has; that case (a restart with the same password) counts as done.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException e) {
            String message = describe(e).toLowerCase(Locale.ROOT);
            if (!(message.contains("old password") && message.contains("same"))) throw e;
        }
    }

    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (out.length() > 0) out.append(" <- ");
            out.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            if (t.getCause() == t) break;
        }
        return out.toString();
    }

    /** The launcher's settings, from arguments first and environment variables second. */
    private static final class Settings {
        final Path home;
        final int port;
        final String password;
        final long pagecacheBytes;
        final long watchPid;

        private Settings(Path home, int port, String password, long pagecacheBytes, long watchPid) {
            this.home = home;
            this.port = port;
            this.password = password;
            this.pagecacheBytes = pagecacheBytes;
            this.watchPid = watchPid;
        }

        static Settings parse(String[] args, Map<String, String> env) {
            if (args.length > 3) throw new IllegalArgumentException("expected at most 3 arguments, got " + args.length);
            String data = pick(args, 0, env, "NEO4J_LOCAL_DATA");
            String port = pick(args, 1, env, "NEO4J_LOCAL_PORT");
            String password = pick(args, 2, env, "NEO4J_LOCAL_PASSWORD");
            if (data == null) throw new IllegalArgumentException("DATA_DIR missing: pass it as the first argument or set NEO4J_LOCAL_DATA");
            if (port == null) throw new IllegalArgumentException("PORT missing: pass it as the second argument or set NEO4J_LOCAL_PORT");
            if (password == null) throw new IllegalArgumentException("password missing: set NEO4J_LOCAL_PASSWORD (or pass it as the third argument)");
            int portNumber;
            try {
                portNumber = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("PORT '" + port + "' is not a number: give a port between 1 and 65535");
            }
            if (portNumber < 1 || portNumber > 65535) {
                throw new IllegalArgumentException("PORT " + portNumber + " is out of range: give a port between 1 and 65535");
            }
            if (password.length() < MIN_PASSWORD_LENGTH) {
                throw new IllegalArgumentException("password is " + password.length() + " characters long; Neo4j needs at least "
                        + MIN_PASSWORD_LENGTH + ": choose a longer one");
            }
            String pagecache = env.get("NEO4J_LOCAL_PAGECACHE");
            long pagecacheBytes = pagecache == null || pagecache.isBlank() ? DEFAULT_PAGECACHE_BYTES : parseBytes(pagecache);
            String watch = env.get("NEO4J_LOCAL_OWNER_PID");
            long watchPid;
            try {
                watchPid = watch == null || watch.isBlank() ? 0 : Long.parseLong(watch.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("NEO4J_LOCAL_OWNER_PID '" + watch + "' is not a process id");
            }
            return new Settings(Path.of(data).toAbsolutePath().normalize(), portNumber, password, pagecacheBytes, watchPid);
        }

        private static String pick(String[] args, int index, Map<String, String> env, String variable) {
            if (args.length > index && !args[index].isEmpty()) return args[index];
            String value = env.get(variable);
            return value == null || value.isEmpty() ? null : value;
        }

        /** Parses {@code 512m}, {@code 1g}, {@code 300000k} or a plain byte count. */
        private static long parseBytes(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            long unit = 1;
            char last = t.charAt(t.length() - 1);
            if (last == 'k' || last == 'm' || last == 'g') {
                unit = last == 'k' ? 1024L : last == 'm' ? 1024L * 1024 : 1024L * 1024 * 1024;
                t = t.substring(0, t.length() - 1);
            }
            try {
                long value = Long.parseLong(t) * unit;
                if (value < 8L * 1024 * 1024) throw new NumberFormatException();
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("NEO4J_LOCAL_PAGECACHE '" + text + "' is not a size of at least 8m: use e.g. 256m or 1g");
            }
        }
    }
}
