;; Drives Emacs in batch mode for tests/test_editors.py: loads eglot (Debian's elpa-eglot or
;; Emacs 29's own), dockerfile-mode and yaml-mode and the recipe, opens a file, waits for
;; shiplint's diagnostics in flymake and writes them as JSON. $SHIPLINT_RECIPE,
;; $SHIPLINT_FILE, $SHIPLINT_OUT as for nvim_harness.lua.
(require 'package)
(package-initialize)
(require 'json)
(load (getenv "SHIPLINT_RECIPE") nil t)
(require 'eglot)
(require 'dockerfile-mode nil t)
(require 'yaml-mode nil t)
(defvar shiplint-result (list (cons 'errors [])))
(condition-case err
    (progn
      (find-file (getenv "SHIPLINT_FILE"))
      (run-hooks 'post-command-hook)  ; eglot-ensure connects after the next command
      (let ((deadline (+ (float-time) 60)))
        (while (and (< (float-time) deadline) (null (flymake-diagnostics)))
          (when (and (bound-and-true-p flymake-mode) (eglot-current-server))
            (flymake-start))
          (accept-process-output nil 0.2)))
      (push (cons 'mode (symbol-name major-mode)) shiplint-result)
      (push (cons 'diagnostics
                  (vconcat
                   (mapcar (lambda (d)
                             (let ((beg (flymake-diagnostic-beg d)))
                               (save-excursion
                                 (goto-char beg)
                                 (list (cons 'line (line-number-at-pos))
                                       (cons 'col (- beg (line-beginning-position)))
                                       (cons 'type (symbol-name (flymake-diagnostic-type d)))
                                       (cons 'text (flymake-diagnostic-text d))))))
                           (sort (flymake-diagnostics)
                                 (lambda (a b) (< (flymake-diagnostic-beg a)
                                                  (flymake-diagnostic-beg b)))))))
            shiplint-result))
  (error (push (cons 'errors (vector (error-message-string err))) shiplint-result)))
(with-temp-file (getenv "SHIPLINT_OUT")
  (insert (json-encode shiplint-result)))
(kill-emacs 0)
