" Vim or Neovim with ALE (vimrc), without the language server: `shiplint check` on the
" buffer, its gnu format read by a handler of its own (ALE's gcc handler folds a note into
" the finding before it, and drops a note that comes first).
function! ShiplintHandle(buffer, lines) abort
  let l:types = {'error': 'E', 'warning': 'W', 'note': 'I'}
  let l:output = []
  for l:m in ale#util#GetMatches(a:lines,
  \   '\v^.{-}:(\d+):(\d+): (error|warning|note): (.*) \[([A-Z0-9]+)\]$')
    let l:lnum = l:m[1] + 0
    " shiplint counts columns in characters, ALE in bytes
    let l:byte = byteidx(get(getbufline(a:buffer, l:lnum), 0, ''), l:m[2] - 1)
    call add(l:output, {'lnum': l:lnum, 'col': l:byte < 0 ? l:m[2] + 0 : l:byte + 1,
    \                   'type': l:types[l:m[3]], 'text': l:m[4], 'code': l:m[5]})
  endfor
  return l:output
endfunction
for s:filetype in ['dockerfile', 'yaml']
  call ale#linter#Define(s:filetype, {
  \   'name': 'shiplint',
  \   'executable': 'shiplint',
  \   'command': '%e check --format gnu --stdin-filename %s -',
  \   'callback': 'ShiplintHandle',
  \})
endfor
