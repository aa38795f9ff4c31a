package rnnlab.cli;

/** A wrong command line: reported as one line plus a pointer to --help, exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
