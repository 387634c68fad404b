-- report.qmd's `[name]{.text}`: the heading or paragraph `name` of the edition being rendered,
-- as the build wrote it (analysis/prose, `save_report_text`) to report-text.json in the
-- edition's output folder. Quarto's pre-render step writes that file before any page is
-- rendered, so the report needs no Python kernel of its own.
--
-- It runs before Quarto's own filters (`at: pre-ast` in _quarto.yml): Quarto resolves a
-- cross-reference in the text ("@tbl-sources") only when it is in the document by then.

local paragraphs = nil

local function report_text()
  if paragraphs == nil then
    local path = pandoc.path.join({quarto.project.output_directory, "report-text.json"})
    local file = io.open(path, "r")
    if file == nil then
      error("The report's text " .. path .. " is missing: run `python -m analysis build` " ..
            "(or `quarto render`, whose pre-render step writes it).")
    end
    paragraphs = pandoc.json.decode(file:read("a"), false).paragraphs
    file:close()
  end
  return paragraphs
end

local function is_text(inline)
  return inline.t == "Span" and inline.classes:includes("text")
end

local function text_blocks(span)
  local name = pandoc.utils.stringify(span.content)
  local markdown = report_text()[name]
  if markdown == nil then
    error("report.qmd asks for the text " .. name .. ", which the build did not write " ..
          "(analysis/prose/ names every heading and paragraph).")
  end
  return pandoc.read(markdown, "markdown").blocks
end

-- A paragraph that is only the text: its blocks. Text within a line (a heading, a list item):
-- its inlines.
local function in_place(block)
  if #block.content == 1 and is_text(block.content[1]) then
    local blocks = text_blocks(block.content[1])
    if block.t == "Para" or #blocks ~= 1 then
      return blocks
    end
  end
end

return {
  {Para = in_place, Plain = in_place},
  {Span = function(span)
    if is_text(span) then
      return pandoc.utils.blocks_to_inlines(text_blocks(span), {pandoc.Space()})
    end
  end}
}
