package dev.rackside.services.compliance.evidence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * A kept run's evidence bundle written to S3, so a scheduled job keeps evidence without a laptop: to
 * {@code s3://BUCKET/PREFIX/<rack>/<run>.json}, byte for byte as kept locally (its chain hash checks there too),
 * encrypted with SSE-KMS under the rack's key (else the account's {@code aws/s3} key), with a SHA-256 checksum
 * (what a bucket with Object Lock requires), and the bucket's default retention applied by S3 when it has one;
 * what S3 then says of the object (encryption, lock mode, retain-until) is reported back.
 */
public final class EvidenceShipper {
    private EvidenceShipper() {
    }

    /** {@code s3://bucket/prefix/} as bucket and prefix (ending in {@code /}, or empty). */
    public record Target(String bucket, String prefix) {
        public static Target parse(String url) {
            if (!url.startsWith("s3://") || url.length() <= 5) {
                throw new IllegalArgumentException("'" + url + "' is not an S3 location like s3://bucket/prefix/");
            }
            String rest = url.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("'" + bucket + "' is not an S3 bucket name");
            }
            return new Target(bucket, prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/");
        }
    }

    /** Writes {@code bundle} (a kept run's file); returns what S3 says it now holds. */
    public static String ship(S3Client s3, Path bundle, String rack, Target to, Optional<String> kmsKey)
            throws java.io.IOException {
        String key = to.prefix() + rack + "/" + bundle.getFileName();
        byte[] body = Files.readAllBytes(bundle);
        s3.putObject(p -> {
            p.bucket(to.bucket()).key(key).contentType("application/json")
                    .serverSideEncryption(ServerSideEncryption.AWS_KMS).checksumAlgorithm(ChecksumAlgorithm.SHA256);
            kmsKey.ifPresent(p::ssekmsKeyId);
        }, RequestBody.fromBytes(body));
        HeadObjectResponse h = s3.headObject(x -> x.bucket(to.bucket()).key(key));
        StringBuilder b = new StringBuilder("wrote s3://" + to.bucket() + "/" + key + " (" + body.length + " bytes; "
                + h.serverSideEncryptionAsString());
        if (h.ssekmsKeyId() != null) {
            b.append(" key ").append(h.ssekmsKeyId());
        } else if (kmsKey.isEmpty()) {
            b.append(" with the account's aws/s3 key: the rack has no key of its own in scope");
        }
        if (h.objectLockModeAsString() != null) {
            b.append("; Object Lock ").append(h.objectLockModeAsString()).append(" until ")
                    .append(h.objectLockRetainUntilDate());
        } else {
            b.append("; no Object Lock retention (the bucket has no default)");
        }
        return b.append(")").toString();
    }
}
