package lobos.fetch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a CA bundle: PEM text with any number of {@code -----BEGIN CERTIFICATE-----} blocks, as
 * Debian's {@code /etc/ssl/certs/ca-certificates.crt} or {@code update-ca-certificates} make it.
 * Text outside the blocks (comments, names) is ignored.
 */
public final class PemCertificates {
    private PemCertificates() {}

    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";
    /** More than any real bundle (Debian's has about 150); a bound for a file that is no bundle. */
    static final int MAX_CERTIFICATES = 10_000;

    /** The certificates in {@code file}; throws if it has none or one is damaged. */
    public static List<X509Certificate> read(Path file) throws FetchException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new FetchException("cannot read the CA bundle " + file + ": " + e.getMessage(),
                    "give a readable PEM file of CA certificates, or none for the JDK's", false, e);
        }
        return parse(text, file.toString());
    }

    /** The certificates in PEM {@code text}; {@code where} names it in errors. */
    public static List<X509Certificate> parse(String text, String where) throws FetchException {
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
        List<X509Certificate> out = new ArrayList<>();
        int at = 0;
        int line = 1;
        while (true) {
            int begin = text.indexOf(BEGIN, at);
            if (begin < 0) break;
            line += lines(text, at, begin);
            int end = text.indexOf(END, begin + BEGIN.length());
            String place = where + ":" + line;
            if (end < 0) throw bad(place, "has no " + END + " line");
            if (out.size() == MAX_CERTIFICATES) throw bad(place, "is one certificate more than the " + MAX_CERTIFICATES + " a bundle may hold");
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
            } catch (IllegalArgumentException e) {
                throw bad(place, "is not valid base64: " + e.getMessage());
            }
            try {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (CertificateException | RuntimeException e) {
                // the JDK's DER decoder reports some damage as runtime exceptions
                throw bad(place, "is not a valid X.509 certificate: " + e.getMessage());
            }
            line += lines(text, begin, end);
            at = end + END.length();
        }
        if (out.isEmpty()) {
            throw new FetchException(where + " holds no PEM certificates (" + BEGIN + ")",
                    "give a CA bundle such as Debian's /etc/ssl/certs/ca-certificates.crt", false);
        }
        return out;
    }

    private static FetchException bad(String place, String what) {
        return new FetchException("the certificate at " + place + " " + what,
                "fix or remove it in the CA bundle (a certificate is a base64 block between BEGIN and END lines)", false);
    }

    private static int lines(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) if (text.charAt(i) == '\n') n++;
        return n;
    }
}
