#ifndef CLINEEDITSHIM_H
#define CLINEEDITSHIM_H

// Non-variadic wrappers around libedit (histedit.h), the C stdio globals and the
// SIGINT, SIGTERM and SIGHUP flags.
// Swift cannot call variadic C functions (el_set, el_get, history) nor touch stdin/stdout/
// stderr in Swift 6 mode, so those stay here. Every name starts with `rnnlab_`.

#include <stddef.h>

/// One line editor: an EditLine, its History and the prompt and completion hooks.
typedef struct rnnlab_editor rnnlab_editor;

/// Result codes a completion callback returns (libedit's CC_ values).
enum {
    RNNLAB_CC_REFRESH = 4,
    RNNLAB_CC_REDISPLAY = 8,
    RNNLAB_CC_ERROR = 6,
};

/// Called on Tab with the whole line (NUL-terminated UTF-8) and the cursor's byte offset.
/// Returns one of the RNNLAB_CC_ codes. `context` is the pointer given to rnnlab_el_open.
typedef int (*rnnlab_complete_fn)(void *context, const char *line, int cursor_byte);

/// Creates an editor on stdin/stdout/stderr: emacs bindings, libedit's own signal
/// handling off, Tab bound to `complete`, a history of at most `history_size` entries
/// without consecutive duplicates. Calls setlocale(LC_ALL, "") first so UTF-8 input works.
/// Returns NULL when libedit cannot be initialised.
rnnlab_editor *rnnlab_el_open(const char *program, int history_size,
                              rnnlab_complete_fn complete, void *context);

/// Frees the editor and restores the terminal.
void rnnlab_el_close(rnnlab_editor *editor);

/// Sets the prompt shown before the next line (copied).
void rnnlab_el_set_prompt(rnnlab_editor *editor, const char *prompt);

/// Reads one line. Returns the line (with its newline; valid until the next call) or NULL.
/// On NULL, `*count` is 0 at end of input, and -1 on error with `*error_number` = errno
/// (EINTR when a signal interrupted the read).
const char *rnnlab_el_gets(rnnlab_editor *editor, int *count, int *error_number);

/// Inserts text at the cursor. Returns 0 on success.
int rnnlab_el_insertstr(rnnlab_editor *editor, const char *text);

/// Deletes `count` characters before the cursor.
void rnnlab_el_deletestr(rnnlab_editor *editor, int count);

/// After an interrupted read: moves the cursor to the end of the abandoned line and
/// prints `^C` and a newline there (only the newline when SIGTERM or SIGHUP interrupted it).
void rnnlab_el_end_interrupted_line(rnnlab_editor *editor);

/// Resets the editor's state and the terminal after an interrupted read.
void rnnlab_el_reset(rnnlab_editor *editor);

/// Adds a line to the history (ignored when equal to the previous entry).
void rnnlab_history_enter(rnnlab_editor *editor, const char *line);

/// Loads history from a file. Returns 0 on success, -1 when unreadable.
int rnnlab_history_load(rnnlab_editor *editor, const char *path);

/// Adds a line to the history file at `path` as the file is now (with what other labs
/// added since it was loaded), keeping the editor's history size, and saves it atomically
/// (written to a temporary file, then renamed). Returns 0 on success, -1 on failure.
int rnnlab_history_add_to_file(rnnlab_editor *editor, const char *path, const char *line);

/// Writes text to stdout (buffered; see rnnlab_flush).
void rnnlab_write_stdout(const char *text);

/// Writes text to stderr.
void rnnlab_write_stderr(const char *text);

/// Flushes every stdio stream.
void rnnlab_flush(void);

/// Installs a SIGINT handler (sigaction without SA_RESTART) that only sets a flag.
/// Returns 0 on success.
int rnnlab_install_interrupt_handler(void);

/// Whether SIGINT arrived since the flag was last cleared.
int rnnlab_interrupt_requested(void);

/// Clears the SIGINT flag.
void rnnlab_clear_interrupt(void);

/// Installs handlers for SIGTERM and SIGHUP (those not ignored, as under `nohup`) that
/// set the SIGINT flag, so the running command stops as at Ctrl-C, and a flag that is
/// never cleared. Each handler runs once (SA_RESETHAND): the same signal again ends the
/// process. With `include_interrupt`, SIGINT is handled so too, for a program that ends
/// at Ctrl-C rather than stopping one command. Returns 0 on success.
int rnnlab_install_termination_handler(int include_interrupt);

/// The first of SIGTERM and SIGHUP that arrived since the handler was installed, or 0.
int rnnlab_termination_requested(void);

/// Terminal columns from TIOCGWINSZ on `fd`, or 0 when unknown.
int rnnlab_terminal_columns(int fd);

#endif
