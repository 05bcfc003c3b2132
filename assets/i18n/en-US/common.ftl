# Words shared by the terminal app and the command line.
# Arguments are named ($value); a message is one whole sentence, never a fragment to glue.

language-unknown = no catalog for language "{ $value }" (from { $origin }); tceni speaks { $available }
