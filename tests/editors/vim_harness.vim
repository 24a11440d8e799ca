" Drives Vim for tests/test_editors.py: loads ALE and an ALE recipe, opens a file, waits for
" what ALE shows and writes it as JSON. $SHIPLINT_ALE: ALE's directory; $SHIPLINT_RECIPE,
" $SHIPLINT_FILE, $SHIPLINT_OUT as for nvim_harness.lua.
set nocompatible
filetype on
let g:ale_linters = {'dockerfile': ['shiplint'], 'yaml': ['shiplint']}
let g:ale_lint_on_text_changed = 'never'
execute 'set runtimepath+=' . fnameescape($SHIPLINT_ALE)
runtime plugin/ale.vim
execute 'source ' . fnameescape($SHIPLINT_RECIPE)
execute 'edit ' . fnameescape($SHIPLINT_FILE)
let s:items = []
for s:i in range(300)
  let s:items = ale#engine#GetLoclist(bufnr(''))
  if !empty(s:items)
    break
  endif
  sleep 100m
endfor
call writefile([json_encode({'diagnostics': s:items, 'filetype': &filetype,
\                            'messages': execute('messages')})], $SHIPLINT_OUT)
qall!
