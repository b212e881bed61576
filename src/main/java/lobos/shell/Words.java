package lobos.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell line into words as sh does for the simple cases the boot shell needs:
 * blanks separate, '...' and "..." quote, a backslash escapes the next character.
 */
final class Words {
    private Words() {}

    /** @throws IllegalArgumentException on an unterminated quote (the message says which) */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else if (c == '\'' || c == '"') {
                int end = line.indexOf(c, i + 1);
                if (end < 0) throw new IllegalArgumentException("unterminated " + c + " quote");
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(word.toString());
        return words;
    }
}
