package lobos.server;

import java.util.Locale;
import java.util.regex.Pattern;

/** Host name patterns of the node file: {@code *} any run of characters, {@code ?} one; case does not matter. */
final class Glob {
    private Glob() {}

    static boolean matches(String pattern, String text) {
        if (pattern == null || text == null) return false;
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return text.toLowerCase(Locale.ROOT).matches(regex.toString());
    }
}
