package main

import (
	"context"
	"encoding/json"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// tools prints the gateway's tools/list (every page) as indented JSON on stdout, in the shape of
// api/console-tools.json's "tools", so that a bug report can show what the gateway offers when
// the provider's mapping and the live schemas disagree.
func (c *command) tools(ctx context.Context, args []string) error {
	f, creds, file, from, err := c.loadSignIn("tools", args)
	if err != nil {
		return err
	}
	s, err := c.openSignedIn(ctx, f, creds, file, from)
	if err != nil {
		return err
	}
	defer s.session.Close()
	tools, err := listTools(ctx, s.session)
	if err != nil {
		return err
	}
	listed := make([]listedTool, len(tools))
	for i, tool := range tools {
		listed[i] = listedTool{Name: tool.Name, Description: tool.Description, Tool: tool}
	}
	out, err := json.MarshalIndent(struct {
		Tools []listedTool `json:"tools"`
	}{listed}, "", "  ")
	if err != nil {
		return err
	}
	if _, err := c.stdout.Write(append(out, '\n')); err != nil {
		return err
	}
	c.say("%d tools from %s.", len(tools), creds.ConsoleURL)
	return nil
}

// listedTool is a tool as printed: its name first, for a reader scanning the list, and its
// description even when empty (the SDK's Tool omits it then), since that every description is
// empty is part of what a report shows.
type listedTool struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	*mcp.Tool
}
