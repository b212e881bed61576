package lobos.config;

/** Where something was read: a file (as the user would name it) and a 1-based line, 0 if unknown. */
public record Source(String file, int line) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
