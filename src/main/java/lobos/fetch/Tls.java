package lobos.fetch;

import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Whom HTTPS trusts: the CA bundle (or the JDK's CA certificates), with errors that say in plain
 * words why a server was not trusted; or nobody checked at all when the user asked for
 * {@code --insecure}.
 */
final class Tls {
    private Tls() {}

    /** A TLS context for {@code options}. */
    static SSLContext context(FetchOptions options) throws FetchException {
        TrustManager trust = options.insecure() ? new Blanket()
                : new Explaining(trustManager(options.caBundle()), options.caBundle() == null
                        ? "the JDK's CA certificates" : "the CA bundle " + options.caBundle());
        return context(trust);
    }

    private static SSLContext context(TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS", e);
        }
    }

    private static X509ExtendedTrustManager trustManager(Path bundle) throws FetchException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (bundle == null) {
                factory.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (X509Certificate ca : PemCertificates.read(bundle)) store.setCertificateEntry("ca" + i++, ca);
                factory.init(store);
            }
            for (TrustManager m : factory.getTrustManagers()) {
                if (m instanceof X509ExtendedTrustManager x) return x;
            }
            throw new IllegalStateException("the JDK's trust manager factory made no X.509 trust manager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new FetchException("cannot use the CA certificates" + (bundle == null ? "" : " in " + bundle) + ": "
                    + e.getMessage(), "give a PEM file of CA certificates", false, e);
        }
    }

    /** The server was not trusted: the message says why, the hint what to do. */
    static final class Untrusted extends CertificateException {
        private final String hint;

        Untrusted(String message, String hint, Throwable cause) {
            super(message, cause);
            this.hint = hint;
        }

        String hint() {
            return hint;
        }
    }

    private static final String ADD_CA = "add the CA that issued it to the CA bundle of the boot image, "
            + "or use --insecure to skip the check on a network you trust";

    /** Checks as the JDK does, and turns a refusal into an {@link Untrusted} that says why. */
    private static final class Explaining extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager jdk;
        private final String trusted;

        Explaining(X509ExtendedTrustManager jdk, String trusted) {
            this.jdk = jdk;
            this.trusted = trusted;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                jdk.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw explain(chain, authType, engine == null ? null : engine.getPeerHost(), e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            try {
                jdk.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw explain(chain, authType, socket instanceof SSLSocket s && s.getHandshakeSession() != null
                        ? s.getHandshakeSession().getPeerHost() : null, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                jdk.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw explain(chain, authType, null, e);
            }
        }

        private Untrusted explain(X509Certificate[] chain, String authType, String peer, CertificateException e) {
            String host = peer != null ? peer : "the server";
            if (chain == null || chain.length == 0) return new Untrusted(host + " sent no certificate", ADD_CA, e);
            for (int i = 0; i < chain.length; i++) {
                X509Certificate c = chain[i];
                String whose = i == 0 ? "the certificate of " + host : "the certificate of " + cn(c.getSubjectX500Principal()) + " in " + host + "'s chain";
                try {
                    c.checkValidity();
                } catch (CertificateExpiredException x) {
                    return new Untrusted(whose + " expired on " + c.getNotAfter().toInstant(),
                            "renew the certificate on the server; if it is new, check lobos's clock (it says " + now() + ")", e);
                } catch (CertificateNotYetValidException x) {
                    return new Untrusted(whose + " is not valid before " + c.getNotBefore().toInstant() + " and lobos's clock says " + now(),
                            "set the clock (a machine without a battery-backed clock starts in 1970), or use --insecure", e);
                }
            }
            try {
                jdk.checkServerTrusted(chain, authType);
            } catch (CertificateException untrusted) {
                return new Untrusted("the certificate of " + host + " (issued by " + cn(chain[0].getIssuerX500Principal())
                        + ") is not signed by a CA in " + trusted, ADD_CA, e);
            }
            List<String> names = names(chain[0]);
            if (peer != null && !matches(names, peer)) {
                return new Untrusted("the certificate of " + host + " is for " + (names.isEmpty() ? "no host name" : String.join(", ", names))
                        + ", not " + peer, "use the host name the certificate names in the URL, or give the server a certificate for "
                        + peer + " (or use --insecure on a network you trust)", e);
            }
            return new Untrusted("the certificate of " + host + " was refused: " + e.getMessage(), ADD_CA, e);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            jdk.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            jdk.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jdk.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return jdk.getAcceptedIssuers();
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** The CN of a name, or the whole name when it has none. */
    private static String cn(X500Principal name) {
        String text = name.getName(X500Principal.RFC2253);
        for (String part : text.split(",")) {
            if (part.startsWith("CN=")) return "\"" + part.substring(3) + "\"";
        }
        return "\"" + text + "\"";
    }

    /** The DNS names and IP addresses a server certificate is for (its subject alternative names, or its CN). */
    static List<String> names(X509Certificate c) {
        List<String> names = new ArrayList<>();
        try {
            var alternatives = c.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    // 2 = dNSName, 7 = iPAddress (RFC 5280 GeneralName)
                    if (entry.size() == 2 && (Integer.valueOf(2).equals(entry.get(0)) || Integer.valueOf(7).equals(entry.get(0)))) {
                        names.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable names: say so
        }
        if (names.isEmpty()) {
            String cn = cn(c.getSubjectX500Principal());
            names.add(cn.substring(1, cn.length() - 1));
        }
        return names;
    }

    /** Whether {@code host} is one of {@code names}, with "*." matching one leftmost label. */
    static boolean matches(List<String> names, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals(h)) return true;
            if (n.startsWith("*.") && h.endsWith(n.substring(1)) && h.indexOf('.') == h.length() - n.length() + 1) return true;
        }
        return false;
    }

    /**
     * Trusts every server ({@code --insecure}: being an extended trust manager, it also skips
     * the host name check); never a TLS client.
     */
    private static final class Blanket extends X509ExtendedTrustManager {
        private static void client() throws CertificateException {
            throw new CertificateException("lobos does not accept TLS clients");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            // --insecure: every server is taken at its word
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            // --insecure: every server is taken at its word
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            // --insecure: every server is taken at its word
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            client();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            client();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            client();
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
