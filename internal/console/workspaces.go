package console

import (
	"context"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Workspace is a console workspace the signed-in account can see.
type Workspace struct {
	ID   string
	Name string // "" when the gateway gave none
}

// ListWorkspaces reads workspace_list, the way ResolveIdentity does, for `appsintoss login` and
// `appsintoss status` to show what the account can see. Only workspace_list is held against its
// live schema (from tools, the gateway's tools/list): a sign-in must stay checkable when another
// tool's schema has moved, which CheckTools reports when the provider starts. A workspace_list
// whose schema the mapping cannot fill is a *SchemaMismatchError, and nothing is called.
func ListWorkspaces(ctx context.Context, caller ToolCaller, tools []*mcp.Tool) ([]Workspace, error) {
	var live *mcp.Tool
	for _, t := range tools {
		if t != nil && t.Name == toolWorkspaceList {
			live = t
		}
	}
	if live == nil {
		return nil, &SchemaMismatchError{Problems: []SchemaProblem{{Tool: toolWorkspaceList,
			Problem: "missing from the gateway's tools/list"}}}
	}
	bound, problems := bindTool(toolWorkspaceList, toolMappings[toolWorkspaceList], live.InputSchema)
	if len(problems) > 0 {
		return nil, &SchemaMismatchError{Problems: problems}
	}
	spaces, err := listWorkspaces(ctx, caller, &Toolset{tools: map[string]*boundTool{toolWorkspaceList: bound}})
	if err != nil {
		return nil, err
	}
	out := make([]Workspace, len(spaces))
	for i, ws := range spaces {
		out[i] = Workspace{ID: ws.WorkspaceID, Name: ws.WorkspaceName}
	}
	return out, nil
}
