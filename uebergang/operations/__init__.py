"""Operations: backing up and restoring the whole database from the command line."""
