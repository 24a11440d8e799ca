-- Neovim 0.8+ (init.lua): shiplint's language server for Dockerfiles, Compose files and
-- Kubernetes manifests (YAML of other kinds gets no diagnostics).
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'dockerfile', 'yaml', 'yaml.docker-compose' },
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    local found = vim.fs.find({ '.git', '.shiplint.yaml', 'pyproject.toml' },
                              { upward = true, path = vim.fs.dirname(file) })[1]
    vim.lsp.start({
      name = 'shiplint',
      cmd = { 'shiplint', 'server' },
      root_dir = found and vim.fs.dirname(found) or vim.fs.dirname(file),
    })
  end,
})
