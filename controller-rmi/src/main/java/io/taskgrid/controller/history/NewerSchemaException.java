package io.taskgrid.controller.history;

/** The database was written by a newer TaskGrid whose schema this version does not know. */
public class NewerSchemaException extends StoreException {
    private static final long serialVersionUID = 1L;

    NewerSchemaException(String message) {
        super(message);
    }
}
