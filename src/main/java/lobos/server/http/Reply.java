package lobos.server.http;

/** An answer of the node API: status, media type and body (text). */
public record Reply(int status, String type, String body) {
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";

    public static Reply text(int status, String body) {
        return new Reply(status, TEXT, body);
    }

    public static Reply json(String body) {
        return new Reply(200, JSON, body);
    }
}
