-- Drives headless Neovim for tests/test_editors.py: loads an editor recipe, opens a file,
-- waits for shiplint's diagnostics and writes what the editor shows as JSON.
--   SHIPLINT_RECIPE  the recipe (tests/editors/nvim_lsp.lua or ale.vim)
--   SHIPLINT_FILE    the file to open
--   SHIPLINT_OUT     where to write the JSON
--   SHIPLINT_ACTION  (vim.lsp only) the start of a code action title to apply, then wait
--                    for the diagnostics of the edited buffer
local recipe, file, out = os.getenv('SHIPLINT_RECIPE'), os.getenv('SHIPLINT_FILE'),
  os.getenv('SHIPLINT_OUT')
local action = os.getenv('SHIPLINT_ACTION')
local result = { errors = {} }

local function finish()
  local fh = io.open(out, 'w')
  fh:write(vim.fn.json_encode(result))
  fh:close()
  vim.cmd('qall!')
end

-- Neovim 0.7 (Debian 12) has neither vim.lsp.start nor vim.fs: the small part of them the
-- recipe uses, so the recipe runs as written on 0.7 too
if not vim.fs then
  vim.fs = {
    dirname = function(p) return p and vim.fn.fnamemodify(p, ':h') end,
    find = function(names, opts)
      local where = (opts.path or vim.fn.getcwd()) .. ';'
      for _, name in ipairs(names) do
        local hit = vim.fn.finddir(name, where)
        if hit == '' then hit = vim.fn.findfile(name, where) end
        if hit ~= '' then return { vim.fn.fnamemodify(hit, ':p'):gsub('/$', '') } end
      end
      return {}
    end,
  }
end
if not vim.lsp.start then
  local started = {}
  vim.lsp.start = function(config)
    local key = config.name .. '\0' .. (config.root_dir or '')
    started[key] = started[key] or vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(0, started[key])
  end
end

vim.cmd('filetype on')
if recipe:match('%.lua$') then
  dofile(recipe)
else
  vim.cmd('let g:ale_linters = {"dockerfile": ["shiplint"], "yaml": ["shiplint"]}')
  vim.cmd('let g:ale_lint_on_text_changed = "never"')
  vim.cmd('runtime plugin/ale.vim')
  vim.cmd('source ' .. recipe)
end
local ok, err = pcall(vim.cmd, 'edit ' .. vim.fn.fnameescape(file))
if not ok then table.insert(result.errors, err) end
local buf = vim.api.nvim_get_current_buf()
result.filetype = vim.bo[buf].filetype

local function lsp_diagnostics()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local raw = (d.user_data and d.user_data.lsp) or {}
    table.insert(found, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
                          severity = d.severity, message = d.message, source = d.source,
                          code = raw.code or d.code })
  end
  return found
end

if recipe:match('%.lua$') then
  vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  result.diagnostics = lsp_diagnostics()
  if action then
    -- the last diagnostic, asked for as Neovim's own code_action() asks: the range, and the
    -- diagnostics of the line as the client has them
    local diags = vim.diagnostic.get(buf)
    local target = diags[#diags]
    local params = vim.lsp.util.make_given_range_params({ target.lnum + 1, target.col },
      { target.end_lnum + 1, target.end_col }, buf, 'utf-16')
    params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics
      and vim.lsp.diagnostic.get_line_diagnostics(buf, target.lnum) or {} }
    local first = { code = (target.user_data and target.user_data.lsp or {}).code or target.code }
    local replies = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 20000) or {}
    result.titles = {}
    for _, reply in pairs(replies) do
      for _, a in ipairs(reply.result or {}) do
        table.insert(result.titles, a.title)
        if result.applied == nil and a.title:sub(1, #action) == action then
          vim.lsp.util.apply_workspace_edit(a.edit, 'utf-16')
          result.applied = a.title
        end
      end
    end
    local before = first.code
    vim.wait(30000, function()
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if d.user_data and d.user_data.lsp and d.user_data.lsp.code == before then
          return false
        end
      end
      return true
    end, 50)
    result.after = lsp_diagnostics()
    result.lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  end
else
  local items = {}
  vim.wait(30000, function()
    items = vim.fn['ale#engine#GetLoclist'](buf)
    return #items > 0
  end, 50)
  result.diagnostics = items
  result.messages = vim.fn.execute('messages')
end
finish()
