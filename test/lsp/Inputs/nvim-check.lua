-- End-to-end check of `corosafe lsp` with Neovim's built-in LSP client
-- (vim.lsp, Neovim 0.7 as Debian 12 packages it), run headless:
--
--   nvim --headless --clean -c 'luafile nvim-check.lua'
--
-- with COROSAFE_BIN (the corosafe executable), NVIM_TEST_FILE (the file to
-- open; it is edited and saved), NVIM_TEST_DB (the directory of its
-- compile_commands.json), NVIM_TEST_OUT (where the transcript goes) and
-- NVIM_TEST_WAIT (milliseconds to wait for each step; default 180000).
--
-- Opens the file, starts the server for its buffer, waits for the
-- diagnostics and writes them (sorted by position) to the transcript; asks
-- for the code actions of the first one as `vim.lsp.buf.code_action()` does,
-- applies the quick fix, saves the buffer (didSave) and waits until the
-- server has published one diagnostic fewer; then stops the server and
-- quits. Every wait has a deadline: on a timeout the transcript says which
-- step timed out and Neovim exits with status 1.
local out = assert(io.open(os.getenv('NVIM_TEST_OUT'), 'w'))
local wait_ms = tonumber(os.getenv('NVIM_TEST_WAIT') or '180000')
local function say(s)
  out:write(s .. '\n')
  out:flush()
end
local function quit(code)
  out:close()
  vim.cmd((code == 0 and 'qall!') or ('cquit ' .. code))
end
local function fail(s)
  say(s)
  quit(1)
end

local file = os.getenv('NVIM_TEST_FILE')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()

-- Every publishDiagnostics is counted, so that a wait can ask for the next
-- one (the server publishes on open and on each save).
local published = 0
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  default_handler(err, result, ctx, config)
  if result and result.uri == vim.uri_from_bufnr(buf) then
    published = published + 1
  end
end

local client_id = vim.lsp.start_client({
  name = 'corosafe',
  cmd = { os.getenv('COROSAFE_BIN'), 'lsp', '--compile-commands-dir', os.getenv('NVIM_TEST_DB') },
  root_dir = os.getenv('NVIM_TEST_DB'),
})
if not client_id then
  fail('cannot start the server')
end
vim.lsp.buf_attach_client(buf, client_id)

if not vim.wait(wait_ms, function() return published > 0 end, 50) then
  fail('TIMEOUT: no diagnostics after opening the file')
end

local severity = { 'error', 'warning', 'information', 'hint' }
local function sorted_diagnostics()
  local diags = vim.diagnostic.get(buf)
  table.sort(diags, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return diags
end

local diags = sorted_diagnostics()
say(string.format('client %s, %d diagnostics', vim.lsp.get_client_by_id(client_id).name, #diags))
for _, d in ipairs(diags) do
  local lsp = (d.user_data and d.user_data.lsp) or {}
  say(string.format('%d:%d-%d:%d %s %s [%s] %s', d.lnum + 1, d.col + 1, d.end_lnum + 1, d.end_col + 1,
    severity[d.severity], d.source or '?', tostring(d.code or lsp.code), vim.split(d.message, '\n')[1]))
  if lsp.codeDescription then
    say('  href ' .. lsp.codeDescription.href)
  end
  for _, r in ipairs(lsp.relatedInformation or {}) do
    say(string.format('  related %s:%d:%d %s', vim.fn.fnamemodify(vim.uri_to_fname(r.location.uri), ':t'),
      r.location.range.start.line + 1, r.location.range.start.character + 1, r.message))
  end
end
if #diags == 0 then
  fail('no diagnostics')
end

-- The code actions at the first diagnostic, asked for as
-- `:lua vim.lsp.buf.code_action()` does on its line (the diagnostics of the
-- line converted back to LSP's form).
local first = diags[1]
local line_diags = vim.lsp.diagnostic.get_line_diagnostics(buf, first.lnum)
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = line_diags[1].range,
  context = { diagnostics = line_diags },
}
local results, err = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, wait_ms)
if not results then
  fail('TIMEOUT: no code actions (' .. tostring(err) .. ')')
end
local applied = false
for _, r in pairs(results) do
  for _, a in ipairs(r.result or {}) do
    say('action: ' .. a.title .. ' (' .. tostring(a.kind) .. ')')
    if a.edit and not applied then
      vim.lsp.util.apply_workspace_edit(a.edit, 'utf-16')
      applied = true
      say('  applied; line ' .. (first.lnum + 1) .. ' is now: ' ..
        vim.api.nvim_buf_get_lines(buf, first.lnum, first.lnum + 1, false)[1])
    elseif a.command then
      say('  command ' .. a.command.command .. ' ' .. table.concat(a.command.arguments or {}, ' '))
    end
  end
end
if not applied then
  fail('no quick fix among the code actions')
end

-- Save: the server analyzes the file again and the suppressed finding is
-- gone; the others moved one line down.
local before = published
vim.cmd('silent write')
if not vim.wait(wait_ms, function() return published > before end, 50) then
  fail('TIMEOUT: no diagnostics after saving the file')
end
local after = sorted_diagnostics()
say(string.format('after the save: %d diagnostics', #after))
for _, d in ipairs(after) do
  say(string.format('%d:%d %s [%s]', d.lnum + 1, d.col + 1, severity[d.severity], tostring(d.code)))
end

vim.lsp.stop_client(client_id)
if not vim.wait(10000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50) then
  fail('TIMEOUT: the server did not stop')
end
say('server stopped')
quit(0)
