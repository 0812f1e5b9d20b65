package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// How a console tool call answers (api/console-tools.json "x-errors"):
//   - success: structuredContent, and one text item holding the same JSON;
//   - not found (unknown workspace, mini-app, template, promotion or product): the JSON-RPC error
//     the real gateway answers, code -32000 "존재하지 않는 정보 입니다" (reference §13.1);
//   - any other refusal: isError with one text item holding
//     {"errorCode","reason","field"(when there is one)}.
const (
	consoleNotFoundCode    = -32000
	consoleNotFoundMessage = "존재하지 않는 정보 입니다"
)

func consoleOutcome(payload any, err error) (*mcp.CallToolResult, error) {
	if err != nil {
		ae := asAPIError(err)
		if ae.Code == codeNotFound {
			return nil, &jsonrpc.Error{Code: consoleNotFoundCode, Message: consoleNotFoundMessage}
		}
		return consoleRefusal(ae), nil
	}
	text, err := marshalConsoleJSON(payload)
	if err != nil { // the catalog's views always encode; a failure is the emulator's bug
		return nil, fmt.Errorf("encoding the tool result: %w", err)
	}
	return &mcp.CallToolResult{StructuredContent: json.RawMessage(text),
		Content: []mcp.Content{&mcp.TextContent{Text: string(text)}}}, nil
}

func consoleRefusal(ae *apiError) *mcp.CallToolResult {
	body := map[string]any{"errorCode": ae.Code, "reason": ae.Reason}
	if field, ok := ae.Data["field"]; ok {
		body["field"] = field
	}
	text, _ := marshalConsoleJSON(body) // strings and a string-keyed map always encode
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: string(text)}}}
}

// marshalConsoleJSON encodes without HTML escaping, as writeJSON does, so that URLs and Korean
// text read the same in the text item as in structuredContent.
func marshalConsoleJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
