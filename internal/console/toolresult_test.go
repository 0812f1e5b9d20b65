package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

func textResult(isError bool, text string) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: isError, Content: []mcp.Content{&mcp.TextContent{Text: text}}}
}

func TestDecodeCallResult(t *testing.T) {
	cases := []struct {
		name     string
		res      *mcp.CallToolResult
		err      error
		wantJSON string
		want     *ToolError
		notFound bool
	}{
		{name: "structured content", res: &mcp.CallToolResult{StructuredContent: map[string]any{"a": 1},
			Content: []mcp.Content{&mcp.TextContent{Text: "ignored"}}}, wantJSON: `{"a":1}`},
		{name: "JSON text content", res: textResult(false, `{"b":[1,2]}`), wantJSON: `{"b":[1,2]}`},
		{name: "isError, JSON text", res: textResult(true, `{"errorCode":"INVALID_PARAMETER","reason":"가격은 10원 단위","field":"price"}`),
			want: &ToolError{Tool: "x", ErrorCode: "INVALID_PARAMETER", Reason: "가격은 10원 단위", BlamedField: "price"}},
		{name: "isError, NOT_FOUND", res: textResult(true, `{"errorCode":"NOT_FOUND","reason":"없음"}`),
			want: &ToolError{Tool: "x", ErrorCode: "NOT_FOUND", Reason: "없음"}, notFound: true},
		{name: "isError, the partner envelope", res: textResult(true,
			`{"resultType":"FAIL","error":{"errorCode":4095,"reason":"too many","data":{"field":"size"}}}`),
			want: &ToolError{Tool: "x", ErrorCode: "4095", Reason: "too many", BlamedField: "size"}},
		{name: "isError, plain text", res: textResult(true, "  권한이 없습니다\n"),
			want: &ToolError{Tool: "x", Reason: "권한이 없습니다"}},
		{name: "isError, JSON without a code or reason", res: textResult(true, `{"message":"nope"}`),
			want: &ToolError{Tool: "x", Reason: `{"message":"nope"}`}},
		{name: "JSON-RPC -32000 존재하지 않는 정보 입니다", err: &jsonrpc.Error{Code: -32000, Message: "존재하지 않는 정보 입니다"},
			want: &ToolError{Tool: "x", RPCCode: -32000, Reason: "존재하지 않는 정보 입니다"}, notFound: true},
		{name: "JSON-RPC -32000, another message", err: &jsonrpc.Error{Code: -32000, Message: "잠시 후 다시 시도"},
			want: &ToolError{Tool: "x", RPCCode: -32000, Reason: "잠시 후 다시 시도"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := DecodeCallResult("x", tc.res, tc.err)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				assertJSONEqual(t, raw, tc.wantJSON)
				return
			}
			var te *ToolError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v, want *ToolError", err)
			}
			if *te != *tc.want {
				t.Fatalf("ToolError %+v, want %+v", te, tc.want)
			}
			if te.NotFound() != tc.notFound {
				t.Fatalf("NotFound() = %v", te.NotFound())
			}
		})
	}
}

func TestDecodeCallResultRefusesNonJSON(t *testing.T) {
	for name, res := range map[string]*mcp.CallToolResult{
		"text that is not JSON": textResult(false, "ok"),
		"no content at all":     {},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := DecodeCallResult("x", res, nil)
			var unexpected *UnexpectedAnswerError
			if !errors.As(err, &unexpected) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	transport := errors.New("connection refused")
	if _, err := DecodeCallResult("x", nil, transport); !errors.Is(err, transport) {
		t.Fatalf("a transport error was not passed through: %v", err)
	}
}

// The SDK reports its own failures as JSON-RPC errors too (a request its transport rejected: code
// -32005; a closing connection: -32003, -32004), wrapped around the real cause. The gateway said
// nothing there, so they are passed through, not made refusals; a gateway error carried in the
// same chain (an HTTP error status with a JSON-RPC body) still is one.
func TestDecodeCallResultTellsTheSDKsOwnErrorsFromTheGateways(t *testing.T) {
	rejected := &jsonrpc.Error{Code: -32005, Message: "rejected by transport"}
	cause := errors.New("dial tcp: connection refused")
	wrapped := fmt.Errorf("calling \"tools/call\": sending \"tools/call\": %w: %w", rejected, cause)
	_, err := DecodeCallResult("x", nil, wrapped)
	var te *ToolError
	if errors.As(err, &te) || !errors.Is(err, cause) {
		t.Fatalf("an SDK rejection became %v (%T), want the transport error passed through", err, err)
	}
	closing := fmt.Errorf("connection closed: %w", &jsonrpc.Error{Code: -32003, Message: "client is closing"})
	if _, err := DecodeCallResult("x", nil, closing); errors.As(err, &te) {
		t.Fatalf("a closing connection became a refusal: %v", err)
	}
	gateway := &jsonrpc.Error{Code: -32000, Message: "존재하지 않는 정보 입니다"}
	httpError := fmt.Errorf("sending \"tools/call\": %w: %w: Not Found", gateway, rejected)
	if _, err := DecodeCallResult("x", nil, httpError); !errors.As(err, &te) || te.RPCCode != -32000 || !te.NotFound() {
		t.Fatalf("the gateway's error behind an HTTP status: %v, want its -32000 refusal", err)
	}
}

// TestDecodeCallResultThroughTheSDK runs a real MCP client and server in memory, so that the
// errors DecodeCallResult reads are the ones the SDK really returns.
func TestDecodeCallResultThroughTheSDK(t *testing.T) {
	ctx := t.Context()
	server := mcp.NewServer(&mcp.Implementation{Name: "fake-console", Version: "test"}, nil)
	object := json.RawMessage(`{"type":"object"}`)
	server.AddTool(&mcp.Tool{Name: "promotion_get", InputSchema: object},
		func(context.Context, *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return nil, &jsonrpc.Error{Code: -32000, Message: "존재하지 않는 정보 입니다"}
		})
	server.AddTool(&mcp.Tool{Name: "push_template_create", InputSchema: object},
		func(context.Context, *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return textResult(true, `{"errorCode":"CONFLICT","reason":"이미 존재","field":"code"}`), nil
		})
	server.AddTool(&mcp.Tool{Name: "workspace_list", InputSchema: object},
		func(context.Context, *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return &mcp.CallToolResult{StructuredContent: map[string]any{"workspaces": []any{}},
				Content: []mcp.Content{&mcp.TextContent{Text: `{"workspaces":[]}`}}}, nil
		})
	serverTransport, clientTransport := mcp.NewInMemoryTransports()
	serverSession, err := server.Connect(ctx, serverTransport, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer serverSession.Close()
	session, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "test"}, nil).Connect(ctx, clientTransport, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	call := func(name string) (json.RawMessage, error) {
		res, err := session.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: map[string]any{}})
		return DecodeCallResult(name, res, err)
	}

	_, err = call("promotion_get")
	var te *ToolError
	if !errors.As(err, &te) || !te.NotFound() || te.RPCCode != -32000 {
		t.Fatalf("-32000 through the SDK: %v", err)
	}
	_, err = call("push_template_create")
	if !errors.As(err, &te) || te.Code() != client.CodeConflict || te.Field() != "code" {
		t.Fatalf("isError through the SDK: %v", err)
	}
	raw, err := call("workspace_list")
	if err != nil {
		t.Fatal(err)
	}
	assertJSONEqual(t, raw, `{"workspaces":[]}`)
}
