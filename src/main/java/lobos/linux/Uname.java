package lobos.linux;

/** What uname(2) reports. */
public record Uname(String sysname, String nodename, String release, String version, String machine) {}
