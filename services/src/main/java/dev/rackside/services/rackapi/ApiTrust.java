package dev.rackside.services.rackapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How the rack API's certificate is checked. A URL (racks.yaml {@code api:}) is verified against the system's
 * trust store, or against the rack's {@code apiCA} file when one is given, host name included. Through the
 * Kubernetes tunnel the peer is the api pod itself, whose certificate Convox generates self-signed at every
 * start (stdapi ssl.go generateSelfSignedCertificate): the tunnel is what the Kubernetes API authenticated and
 * encrypted, so the pod's certificate is accepted as-is, or checked against {@code apiCA} without a host name.
 * (The Convox SDK itself skips verification for every rack: stdsdk client.go InsecureSkipVerify.)
 */
public record ApiTrust(Kind kind, Optional<Path> caFile) {

    public enum Kind { SYSTEM, CA_FILE, TUNNEL }

    public static ApiTrust system() {
        return new ApiTrust(Kind.SYSTEM, Optional.empty());
    }

    public static ApiTrust ca(Path file) {
        return new ApiTrust(Kind.CA_FILE, Optional.of(file));
    }

    public static ApiTrust tunnel(Optional<Path> ca) {
        return new ApiTrust(Kind.TUNNEL, ca);
    }

    /** The TLS context for this trust; a CA file that cannot be read is an error naming it. */
    public SSLContext sslContext() {
        try {
            if (kind == Kind.SYSTEM) {
                return SSLContext.getDefault();
            }
            Optional<X509TrustManager> ca = caFile.map(ApiTrust::caTrust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            TrustManager tm = kind == Kind.CA_FILE ? ca.orElseThrow() : new TunnelTrust(ca);
            ctx.init(null, new TrustManager[] {tm}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS setup for the rack API failed: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager caTrust(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(file + ": apiCA holds no PEM certificate");
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X.509 trust manager");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": apiCA cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The tunnel's trust: the chain is checked against the CA when one is configured, never the host name (the
     * tunnel's local end is 127.0.0.1). Being an X509ExtendedTrustManager, JSSE adds no host check of its own.
     */
    private static final class TunnelTrust extends X509ExtendedTrustManager {
        private final Optional<X509TrustManager> ca;

        TunnelTrust(Optional<X509TrustManager> ca) {
            this.ca = ca;
        }

        private void check(X509Certificate[] chain, String authType) throws CertificateException {
            if (ca.isPresent()) {
                ca.get().checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return ca.map(X509TrustManager::getAcceptedIssuers).orElse(new X509Certificate[0]);
        }
    }
}
