package lobos.config;

/** Something a parser skipped or could not understand; the rest of the menu is kept. */
public record Warning(Source source, String message) {
    @Override
    public String toString() {
        return source + ": " + message;
    }
}
