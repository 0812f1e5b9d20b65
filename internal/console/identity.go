package console

import (
	"context"
	"fmt"
	"strings"
)

// Which mini-app the catalog belongs to. The partner API names the mini-app by the client
// certificate's CN (its appName); the console names it by (workspaceId, miniAppId). Unless both
// are configured, the mini-app whose appName equals the CN is looked for with workspace_list and
// miniapp_list.

// Identity is the mini-app whose catalog is managed, as the console names it.
type Identity struct {
	WorkspaceID string
	MiniAppID   string
	// AppName is the mini-app's appName in the console (the CN of its mTLS certificates).
	AppName string
}

// IdentityConfig is what the provider configuration says about the mini-app.
type IdentityConfig struct {
	WorkspaceID   string // console.workspace_id; "" to search every workspace
	MiniAppID     string // console.mini_app_id; "" to find the mini-app by CertificateCN
	CertificateCN string // the CN of the client certificate: the mini-app's appName
}

type workspace struct {
	WorkspaceID   string `json:"workspaceId"`
	WorkspaceName string `json:"workspaceName"`
}

type miniApp struct {
	MiniAppID   string `json:"miniAppId"`
	AppName     string `json:"appName"`
	DisplayName string `json:"displayName"`
}

// seenWorkspace is a workspace and its mini-apps, for messages that list what was found.
type seenWorkspace struct {
	workspace
	apps []miniApp
}

// ResolveIdentity finds the mini-app to manage. Warnings (e.g. a configured mini-app whose appName
// is not the certificate's CN) are for the provider to show; they do not stop it. When no
// mini-app or several fit, the error lists every workspace and mini-app seen and says how to set
// workspace_id and mini_app_id.
func ResolveIdentity(ctx context.Context, caller ToolCaller, tools *Toolset, cfg IdentityConfig) (Identity, []string, error) {
	if cfg.MiniAppID == "" && cfg.CertificateCN == "" {
		return Identity{}, nil, fmt.Errorf("cannot tell which console mini-app to manage: the client certificate has " +
			"no CN and the console block sets no mini_app_id; set workspace_id and mini_app_id in the provider's console block")
	}
	spaces := []workspace{{WorkspaceID: cfg.WorkspaceID}}
	if cfg.WorkspaceID == "" {
		var err error
		if spaces, err = listWorkspaces(ctx, caller, tools); err != nil {
			return Identity{}, nil, err
		}
	}
	var seen []seenWorkspace
	var matches []Identity
	for _, ws := range spaces {
		apps, err := listMiniApps(ctx, caller, tools, ws.WorkspaceID)
		if err != nil {
			return Identity{}, nil, err
		}
		seen = append(seen, seenWorkspace{workspace: ws, apps: apps})
		for _, app := range apps {
			if fits(app, cfg) {
				matches = append(matches, Identity{WorkspaceID: ws.WorkspaceID, MiniAppID: app.MiniAppID, AppName: app.AppName})
			}
		}
	}
	switch len(matches) {
	case 0:
		return Identity{}, nil, fmt.Errorf("%s. Seen: %s. Set workspace_id and mini_app_id in the provider's console block "+
			"to the mini-app to manage", notFoundProblem(cfg), describeSeen(seen))
	case 1:
		id := matches[0]
		var warnings []string
		if cfg.CertificateCN != "" && id.AppName != cfg.CertificateCN {
			warnings = append(warnings, fmt.Sprintf("the console mini-app %s (workspace %s) is named %q, but the client "+
				"certificate's CN is %q: the catalog managed through the console belongs to %q, while runtime calls "+
				"(login, pay, orders) act as %q", id.MiniAppID, id.WorkspaceID, id.AppName, cfg.CertificateCN, id.AppName,
				cfg.CertificateCN))
		}
		return id, warnings, nil
	}
	listed := make([]string, len(matches))
	for i, m := range matches {
		listed[i] = fmt.Sprintf("workspace %s mini-app %s (%q)", m.WorkspaceID, m.MiniAppID, m.AppName)
	}
	return Identity{}, nil, fmt.Errorf("several console mini-apps fit (%s): %s. Set workspace_id and mini_app_id in the "+
		"provider's console block to choose one", describeWanted(cfg), strings.Join(listed, "; "))
}

func fits(app miniApp, cfg IdentityConfig) bool {
	if cfg.MiniAppID != "" {
		return app.MiniAppID == cfg.MiniAppID
	}
	return app.AppName == cfg.CertificateCN
}

func describeWanted(cfg IdentityConfig) string {
	where := "in any workspace"
	if cfg.WorkspaceID != "" {
		where = "in workspace " + cfg.WorkspaceID
	}
	if cfg.MiniAppID != "" {
		return fmt.Sprintf("mini-app %s %s", cfg.MiniAppID, where)
	}
	return fmt.Sprintf("mini-app named %q (the client certificate's CN) %s", cfg.CertificateCN, where)
}

func notFoundProblem(cfg IdentityConfig) string {
	return fmt.Sprintf("the console shows the signed-in account no %s", describeWanted(cfg))
}

func describeSeen(seen []seenWorkspace) string {
	if len(seen) == 0 {
		return "no workspaces"
	}
	parts := make([]string, 0, len(seen))
	for _, ws := range seen {
		name := ""
		if ws.WorkspaceName != "" {
			name = fmt.Sprintf(" %q", ws.WorkspaceName)
		}
		if len(ws.apps) == 0 {
			parts = append(parts, fmt.Sprintf("workspace %s%s: no mini-apps", ws.WorkspaceID, name))
			continue
		}
		apps := make([]string, len(ws.apps))
		for i, a := range ws.apps {
			apps[i] = fmt.Sprintf("%s %q", a.MiniAppID, a.AppName)
			if a.DisplayName != "" && a.DisplayName != a.AppName {
				apps[i] += fmt.Sprintf(" (%s)", a.DisplayName)
			}
		}
		parts = append(parts, fmt.Sprintf("workspace %s%s: mini-apps %s", ws.WorkspaceID, name, strings.Join(apps, ", ")))
	}
	return strings.Join(parts, "; ")
}

func listWorkspaces(ctx context.Context, caller ToolCaller, tools *Toolset) ([]workspace, error) {
	return listIdentity[workspace](ctx, caller, tools, toolWorkspaceList, Identity{})
}

func listMiniApps(ctx context.Context, caller ToolCaller, tools *Toolset, workspaceID string) ([]miniApp, error) {
	return listIdentity[miniApp](ctx, caller, tools, toolMiniAppList, Identity{WorkspaceID: workspaceID})
}

// listIdentity reads one of the identity lists (one answer, not paged).
func listIdentity[T any](ctx context.Context, caller ToolCaller, tools *Toolset, tool string, id Identity) ([]T, error) {
	obj, err := callTool(ctx, caller, tools, tool, callValues{identity: id})
	if err != nil {
		return nil, err
	}
	shape := toolMappings[tool].answer
	elements, _, err := listElements(tool, shape, obj)
	if err != nil {
		return nil, err
	}
	return decodeList[T](tool, shape.fields, elements)
}
