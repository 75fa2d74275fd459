// libedit wrappers; see include/CLineEditShim.h.
#define _GNU_SOURCE
#include "CLineEditShim.h"

#include <errno.h>
#include <histedit.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

struct rnnlab_editor {
    EditLine *el;
    History *history;
    int history_size;
    HistEvent event;
    char *prompt;
    rnnlab_complete_fn complete;
    void *context;
};

static volatile sig_atomic_t rnnlab_window_resized = 0;
static volatile sig_atomic_t rnnlab_interrupted = 0;
// The first of SIGTERM and SIGHUP to arrive, never cleared; 0 while neither has.
static volatile sig_atomic_t rnnlab_termination_signal = 0;

// Reads one character for libedit, watching the Ctrl-C flag between short polls.
//
// A SIGINT interrupts a blocked read() with EINTR, but one that arrives while libedit is
// busy (redrawing after a key, say) interrupts nothing, and the read that follows would
// wait for the next key. Polling in slices of 50 ms and checking the flag makes Ctrl-C
// end the line whenever it comes. Returns 1 with a character, 0 at end of input, and -1
// with errno EINTR when interrupted (libedit then returns NULL with count -1).
static int rnnlab_read_character(EditLine *el, wchar_t *character) {
    (void)el;
    char bytes[MB_LEN_MAX];
    size_t count = 0;
    for (;;) {
        if (rnnlab_interrupted) {
            errno = EINTR;
            return -1;
        }
        struct pollfd input = {.fd = STDIN_FILENO, .events = POLLIN, .revents = 0};
        int ready = poll(&input, 1, 50);
        if (ready < 0 && errno != EINTR) return -1;
        if (ready <= 0) continue;
        char byte;
        ssize_t got = read(STDIN_FILENO, &byte, 1);
        if (got == 0) return 0;
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return -1;
        }
        bytes[count++] = byte;
        mbstate_t state;
        memset(&state, 0, sizeof state);
        size_t decoded = mbrtowc(character, bytes, count, &state);
        if (decoded == (size_t)-2 && count < sizeof bytes) continue;  // more bytes to come
        if (decoded == (size_t)-1 || decoded == (size_t)-2) *character = (unsigned char)bytes[0];
        return 1;
    }
}

static void rnnlab_on_window_change(int signal_number) {
    (void)signal_number;
    rnnlab_window_resized = 1;
}

static char *rnnlab_prompt_function(EditLine *el) {
    rnnlab_editor *editor = NULL;
    el_get(el, EL_CLIENTDATA, &editor);
    return (editor && editor->prompt) ? editor->prompt : "";
}

static unsigned char rnnlab_complete_function(EditLine *el, int ch) {
    (void)ch;
    rnnlab_editor *editor = NULL;
    el_get(el, EL_CLIENTDATA, &editor);
    if (!editor || !editor->complete) return CC_ERROR;
    const LineInfo *info = el_line(el);
    size_t length = (size_t)(info->lastchar - info->buffer);
    char *line = malloc(length + 1);
    if (!line) return CC_ERROR;
    memcpy(line, info->buffer, length);
    line[length] = '\0';
    int cursor = (int)(info->cursor - info->buffer);
    int result = editor->complete(editor->context, line, cursor);
    free(line);
    return (unsigned char)result;
}

rnnlab_editor *rnnlab_el_open(const char *program, int history_size,
                              rnnlab_complete_fn complete, void *context) {
    setlocale(LC_ALL, "");
    rnnlab_editor *editor = calloc(1, sizeof *editor);
    if (!editor) return NULL;
    editor->el = el_init(program, stdin, stdout, stderr);
    editor->history = history_init();
    if (!editor->el || !editor->history) {
        rnnlab_el_close(editor);
        return NULL;
    }
    editor->complete = complete;
    editor->context = context;
    editor->prompt = strdup("");
    editor->history_size = history_size;
    history(editor->history, &editor->event, H_SETSIZE, history_size);
    history(editor->history, &editor->event, H_SETUNIQUE, 1);

    el_set(editor->el, EL_CLIENTDATA, editor);
    el_set(editor->el, EL_EDITOR, "emacs");
    el_set(editor->el, EL_SIGNAL, 0);
    el_set(editor->el, EL_GETCFN, rnnlab_read_character);
    el_set(editor->el, EL_PROMPT, rnnlab_prompt_function);
    el_set(editor->el, EL_HIST, history, editor->history);
    el_set(editor->el, EL_ADDFN, "rnnlab-complete", "complete a command, option or value",
           rnnlab_complete_function);
    el_set(editor->el, EL_BIND, "^I", "rnnlab-complete", NULL);
    el_source(editor->el, NULL);  // the learner's own ~/.editrc, if any

    // With EL_SIGNAL off libedit does not follow window size changes; note them here
    // and tell libedit before the next line is read.
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = rnnlab_on_window_change;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &action, NULL);
    return editor;
}

void rnnlab_el_close(rnnlab_editor *editor) {
    if (!editor) return;
    if (editor->el) el_end(editor->el);
    if (editor->history) history_end(editor->history);
    free(editor->prompt);
    free(editor);
}

void rnnlab_el_set_prompt(rnnlab_editor *editor, const char *prompt) {
    char *copy = strdup(prompt);
    if (!copy) return;
    free(editor->prompt);
    editor->prompt = copy;
}

const char *rnnlab_el_gets(rnnlab_editor *editor, int *count, int *error_number) {
    if (rnnlab_window_resized) {
        rnnlab_window_resized = 0;
        el_resize(editor->el);
    }
    rnnlab_interrupted = 0;  // a Ctrl-C from before the prompt belongs to what it stopped
    errno = 0;
    const char *line = el_gets(editor->el, count);
    *error_number = errno;
    return line;
}

int rnnlab_el_insertstr(rnnlab_editor *editor, const char *text) {
    return el_insertstr(editor->el, text);
}

void rnnlab_el_deletestr(rnnlab_editor *editor, int count) {
    el_deletestr(editor->el, count);
}

void rnnlab_el_end_interrupted_line(rnnlab_editor *editor) {
    const LineInfo *info = el_line(editor->el);
    if (info && info->cursor < info->lastchar) {
        // Rewriting the text after the cursor leaves the cursor at the end of the line.
        fwrite(info->cursor, 1, (size_t)(info->lastchar - info->cursor), stdout);
    }
    // `^C` for the key a learner pressed; a signal to end came from elsewhere, and the lab
    // says which on the next line
    fputs(rnnlab_termination_signal == 0 ? "^C\n" : "\n", stdout);
    fflush(stdout);
}

void rnnlab_el_reset(rnnlab_editor *editor) {
    el_reset(editor->el);
}

void rnnlab_history_enter(rnnlab_editor *editor, const char *line) {
    history(editor->history, &editor->event, H_ENTER, line);
}

int rnnlab_history_load(rnnlab_editor *editor, const char *path) {
    return history(editor->history, &editor->event, H_LOAD, path) < 0 ? -1 : 0;
}

// Writes `entries` to `path` through a temporary file beside it, renamed over `path`, so
// that a reader never sees half a file. Returns 0, or -1 on failure.
static int rnnlab_save_atomically(History *entries, const char *path) {
    HistEvent event;
    size_t size = strlen(path) + 32;
    char *temporary = malloc(size);
    if (!temporary) return -1;
    snprintf(temporary, size, "%s.%ld.tmp", path, (long)getpid());
    int saved = history(entries, &event, H_SAVE, temporary);
    if (saved < 0 || rename(temporary, path) != 0) {
        unlink(temporary);
        free(temporary);
        return -1;
    }
    free(temporary);
    return 0;
}

int rnnlab_history_add_to_file(rnnlab_editor *editor, const char *path, const char *line) {
    // The file as it is now, not this editor's copy of it: another lab open at the same
    // time may have added lines since this one loaded the file, and saving only this
    // editor's history would drop them.
    HistEvent event;
    History *file = history_init();
    if (!file) return -1;
    history(file, &event, H_SETSIZE, editor->history_size);
    history(file, &event, H_SETUNIQUE, 1);
    history(file, &event, H_LOAD, path);  // a missing file is an empty history
    history(file, &event, H_ENTER, line);
    int saved = rnnlab_save_atomically(file, path);
    history_end(file);
    return saved;
}

void rnnlab_write_stdout(const char *text) { fputs(text, stdout); }

void rnnlab_write_stderr(const char *text) { fputs(text, stderr); }

void rnnlab_flush(void) { fflush(NULL); }

static void rnnlab_on_interrupt(int signal_number) {
    (void)signal_number;
    rnnlab_interrupted = 1;
}

int rnnlab_install_interrupt_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = rnnlab_on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a blocked read returns EINTR
    if (sigaction(SIGINT, &action, NULL) != 0) return -1;
    // A parent may have started us with SIGINT blocked (the mask survives exec).
    sigset_t interrupt_only;
    sigemptyset(&interrupt_only);
    sigaddset(&interrupt_only, SIGINT);
    return sigprocmask(SIG_UNBLOCK, &interrupt_only, NULL);
}

int rnnlab_interrupt_requested(void) { return rnnlab_interrupted != 0; }

// Notes the first request to end and stops the running command as Ctrl-C does. SA_RESETHAND
// has already restored the default action, so the next such signal ends the process.
static void rnnlab_on_termination(int signal_number) {
    if (rnnlab_termination_signal == 0) rnnlab_termination_signal = signal_number;
    rnnlab_interrupted = 1;
}

int rnnlab_install_termination_handler(int include_interrupt) {
    const int signals[] = {SIGTERM, SIGHUP, SIGINT};
    const size_t count = include_interrupt ? 3 : 2;
    sigset_t both;
    sigemptyset(&both);
    for (size_t index = 0; index < count; index++) {
        sigaddset(&both, signals[index]);
    }
    for (size_t index = 0; index < count; index++) {
        struct sigaction previous;
        if (sigaction(signals[index], NULL, &previous) != 0) return -1;
        if (previous.sa_handler == SIG_IGN) continue;  // as `nohup` asked
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = rnnlab_on_termination;
        action.sa_mask = both;  // one handler at a time: the first signal is the one kept
        action.sa_flags = SA_RESETHAND;  // once only; no SA_RESTART, as for SIGINT
        if (sigaction(signals[index], &action, NULL) != 0) return -1;
    }
    return sigprocmask(SIG_UNBLOCK, &both, NULL);
}

int rnnlab_termination_requested(void) { return rnnlab_termination_signal; }

void rnnlab_clear_interrupt(void) { rnnlab_interrupted = 0; }

int rnnlab_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 0;
}
