package io.gpwarden.coordination.document;

/** A stored document that cannot be read: not JSON, wrong shape, or a newer major format version. */
public final class DocumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DocumentException(String message) {
        super(message);
    }
}
