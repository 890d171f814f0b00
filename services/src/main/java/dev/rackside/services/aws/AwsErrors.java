package dev.rackside.services.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** An AWS failure in the service's own words: "AccessDeniedException: User ... is not authorized ...". */
public final class AwsErrors {
    private AwsErrors() {
    }

    /** The service's error code and message where it answered, else the SDK's message (a network failure). */
    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null
                && a.awsErrorDetails().errorCode() != null) {
            return a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage();
        }
        return String.valueOf(e.getMessage());
    }
}
