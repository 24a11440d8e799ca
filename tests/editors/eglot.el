;; Emacs with eglot (init.el): shiplint's language server.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((dockerfile-mode dockerfile-ts-mode yaml-mode yaml-ts-mode)
                 . ("shiplint" "server"))))
(dolist (hook '(dockerfile-mode-hook dockerfile-ts-mode-hook yaml-mode-hook yaml-ts-mode-hook))
  (add-hook hook #'eglot-ensure))
