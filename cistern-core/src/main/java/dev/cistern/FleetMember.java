package dev.cistern;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * How a fleet member names its connections on the server: {@code <fleet>@<host>/<pid>/<pool>}, e.g.
 * {@code orders@pod-7/1/orders}, readable in {@code pg_stat_activity} (or MariaDB's and MySQL's connection
 * attributes) and unique per pool and process. The host comes from {@code HOSTNAME} (a Kubernetes pod's name) or
 * the machine's name. PostgreSQL keeps 63 bytes of an {@code application_name}, so a long host is cut first and
 * the process and pool, which tell members apart, are kept; ',' and ':' become '_' (they separate connection
 * attributes).
 */
final class FleetMember {
    static final int APPLICATION_NAME_BYTES = 63;
    /** The MariaDB/MySQL connection attribute that carries the name. */
    static final String MARIADB_ATTRIBUTE = "program_name";

    private FleetMember() {
    }

    static String name(String fleet, String poolName) {
        String suffix = "/" + ProcessHandle.current().pid() + "/" + ascii(poolName);
        String prefix = fleet + "@";
        String host = ascii(host());
        int room = APPLICATION_NAME_BYTES - prefix.length() - suffix.length();
        String name = prefix + host.substring(0, Math.max(0, Math.min(host.length(), room))) + suffix;
        return name.length() <= APPLICATION_NAME_BYTES ? name : name.substring(0, APPLICATION_NAME_BYTES);
    }

    /** {@return the text PostgreSQL would keep: printable ASCII, anything else as '?'} */
    private static String ascii(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
            out.append(b == ',' || b == ':' ? '_' : b >= 32 && b < 127 ? (char) b : '?');
        }
        return out.toString();
    }

    private static String host() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
