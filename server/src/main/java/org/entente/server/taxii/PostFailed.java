package org.entente.server.taxii;

/**
 * A POST that failed after its status resource was made: some objects may be stored, and the status
 * says which, so the error answer names it.
 */
final class PostFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String statusId;

    PostFailed(String statusId, RuntimeException cause) {
        super("the POST of status " + statusId + " failed: " + cause.getMessage(), cause);
        this.statusId = statusId;
    }

    String statusId() {
        return statusId;
    }
}
