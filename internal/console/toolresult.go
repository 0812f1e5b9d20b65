package console

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// DecodeCallResult turns what an MCP session returned for tools/call into the tool's JSON answer,
// or into a *ToolError when the gateway refused the call: a JSON-RPC error (e.g. -32000
// "존재하지 않는 정보 입니다"), or a result with isError set. A ToolCaller built on the SDK passes
// every call through it. Other errors (transport, context) come back unchanged: whether they may
// be retried, or mean a lost answer, is the caller's to decide.
//
// The answer is the result's structuredContent when there is one, else its first text content,
// which must then be JSON.
func DecodeCallResult(tool string, res *mcp.CallToolResult, err error) (json.RawMessage, error) {
	if err != nil {
		if wire := gatewayRPCError(err); wire != nil {
			return nil, &ToolError{Tool: tool, RPCCode: wire.Code, Reason: wire.Message}
		}
		return nil, err
	}
	if res == nil {
		return nil, &UnexpectedAnswerError{Tool: tool, Problem: "the gateway returned no result"}
	}
	text, hasText := firstText(res.Content)
	if res.IsError {
		return nil, toolErrorFromText(tool, text)
	}
	if res.StructuredContent != nil {
		data, err := json.Marshal(res.StructuredContent)
		if err != nil {
			return nil, &UnexpectedAnswerError{Tool: tool, Problem: "its structuredContent is not JSON"}
		}
		return data, nil
	}
	if !hasText {
		return nil, &UnexpectedAnswerError{Tool: tool, Problem: "the result has neither structuredContent nor text content"}
	}
	if !json.Valid([]byte(text)) {
		return nil, &UnexpectedAnswerError{Tool: tool, Problem: "its text content is not JSON"}
	}
	return json.RawMessage(text), nil
}

// sdkLocalCodes are the JSON-RPC codes the SDK gives its own failures (a request the transport
// rejected, a connection closing): they travel as *jsonrpc.Error too, but the gateway said
// nothing.
var sdkLocalCodes = map[int64]bool{-32003: true, -32004: true, -32005: true}

// gatewayRPCError finds the JSON-RPC error the gateway sent, anywhere in err's tree, skipping the
// SDK's local ones.
func gatewayRPCError(err error) *jsonrpc.Error {
	var wire *jsonrpc.Error
	if errors.As(err, &wire) && !sdkLocalCodes[wire.Code] {
		return wire
	}
	switch e := err.(type) { //nolint:errorlint // this walks the tree errors.As stops early in
	case interface{ Unwrap() []error }:
		for _, inner := range e.Unwrap() {
			if found := gatewayRPCError(inner); found != nil {
				return found
			}
		}
	case interface{ Unwrap() error }:
		if inner := e.Unwrap(); inner != nil {
			return gatewayRPCError(inner)
		}
	}
	return nil
}

func firstText(content []mcp.Content) (string, bool) {
	for _, c := range content {
		if t, ok := c.(*mcp.TextContent); ok {
			return t.Text, true
		}
	}
	return "", false
}

// toolErrorFromText reads an isError text. The gateway's format is not documented; two JSON forms
// are understood — {"errorCode","reason","field"} (what the emulator sends) and the partner API's
// envelope {"error":{"errorCode","reason","data":{"field"}}} — and anything else is quoted whole.
func toolErrorFromText(tool, text string) *ToolError {
	te := &ToolError{Tool: tool, Reason: strings.TrimSpace(text)}
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	var obj map[string]any
	if dec.Decode(&obj) != nil {
		return te
	}
	if nested, ok := obj["error"].(map[string]any); ok {
		obj = nested
		if data, ok := nested["data"].(map[string]any); ok {
			if _, has := obj["field"]; !has {
				obj["field"] = data["field"]
			}
		}
	}
	code := scalarText(obj["errorCode"])
	reason := scalarText(obj["reason"])
	if code == "" && reason == "" {
		return te
	}
	te.ErrorCode, te.Reason, te.BlamedField = code, reason, scalarText(obj["field"])
	return te
}

// scalarText is a JSON string or number as text ("" for anything else): error codes come as both.
func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return ""
}
