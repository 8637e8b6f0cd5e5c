-- End-to-end check of `corosafe lsp` with Neovim's built-in LSP client
-- (vim.lsp, Neovim 0.7 as Debian 12 packages it), run headless:
--
--   nvim --headless --clean -c 'luafile nvim-check.lua'
--
-- with COROSAFE_BIN (the corosafe executable), NVIM_TEST_FILE (the file to
-- open), NVIM_TEST_DB (the directory of its compile_commands.json) and
-- NVIM_TEST_OUT (where the transcript goes). Opens the file, starts the
-- server for its buffer, waits for the diagnostics, writes them and the code
-- actions of the first one to the transcript, stops the server and quits;
-- exits 1 when no diagnostics arrive.
local out = assert(io.open(os.getenv('NVIM_TEST_OUT'), 'w'))
local function say(s) out:write(s .. '\n') out:flush() end
local function quit(code)
  out:close()
  vim.cmd((code == 0 and 'qall!') or ('cquit ' .. code))
end

local file = os.getenv('NVIM_TEST_FILE')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()

local client_id = vim.lsp.start_client({
  name = 'corosafe',
  cmd = { os.getenv('COROSAFE_BIN'), 'lsp', '--compile-commands-dir', os.getenv('NVIM_TEST_DB') },
  root_dir = os.getenv('NVIM_TEST_DB'),
})
if not client_id then
  say('cannot start the server')
  quit(1)
end
vim.lsp.buf_attach_client(buf, client_id)

local ok = vim.wait(tonumber(os.getenv('NVIM_TEST_WAIT') or '180000'), function()
  return #vim.diagnostic.get(buf) > 0
end, 100)
if not ok then
  say('TIMEOUT: no diagnostics')
  quit(1)
end

local severity = { 'error', 'warning', 'information', 'hint' }
local diags = vim.diagnostic.get(buf)
table.sort(diags, function(a, b)
  return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
end)
say(string.format('client %s, %d diagnostics', vim.lsp.get_client_by_id(client_id).name, #diags))
for _, d in ipairs(diags) do
  local lsp = (d.user_data and d.user_data.lsp) or {}
  say(string.format('%d:%d %s %s [%s] %s', d.lnum + 1, d.col + 1, severity[d.severity], d.source or '?',
    tostring(d.code or lsp.code), vim.split(d.message, '\n')[1]))
  if lsp.codeDescription then
    say('  href ' .. lsp.codeDescription.href)
  end
  say('  related ' .. #(lsp.relatedInformation or {}))
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
local results = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 30000) or {}
for _, r in pairs(results) do
  for _, a in ipairs(r.result or {}) do
    say('action: ' .. a.title)
    if a.edit then
      vim.lsp.util.apply_workspace_edit(a.edit, 'utf-16')
      say('  applied; line ' .. (first.lnum + 1) .. ' is now: ' ..
        vim.api.nvim_buf_get_lines(buf, first.lnum, first.lnum + 1, false)[1])
    end
  end
end

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
quit(0)
