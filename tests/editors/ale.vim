" Vim or Neovim with ALE (vimrc): shiplint's language server. The project is the nearest
" directory holding .git, else the file's own; ALE counts columns in bytes, so the server
" is asked for UTF-8 positions.
function! ShiplintRoot(buffer) abort
  let l:git = ale#path#FindNearestDirectory(a:buffer, '.git')
  return empty(l:git) ? fnamemodify(bufname(a:buffer), ':p:h') : fnamemodify(l:git, ':h:h')
endfunction
for s:filetype in ['dockerfile', 'yaml']
  call ale#linter#Define(s:filetype, {
  \   'name': 'shiplint',
  \   'lsp': 'stdio',
  \   'executable': 'shiplint',
  \   'command': '%e server',
  \   'project_root': function('ShiplintRoot'),
  \   'initialization_options': {'positionEncoding': 'utf-8'},
  \})
endfor
