package console

import (
	"errors"
	"strings"
	"testing"
)

// twoWorkspaces is a fake with mini-apps in two workspaces: demo-app in the first, and
// other-app plus a second demo-app in the second.
func twoWorkspaces(t *testing.T) *fakeGateway {
	g := newFakeGateway(t, loadToolsDoc(t))
	g.workspaces = []map[string]any{{"workspaceId": 1, "workspaceName": "Acme"}, {"workspaceId": 2, "workspaceName": "Beta"}}
	g.miniApps["2"] = []map[string]any{
		{"miniAppId": 20, "appName": "other-app", "displayName": "Other"},
		{"miniAppId": 21, "appName": "demo-app"},
	}
	return g
}

func TestResolveIdentity(t *testing.T) {
	cases := []struct {
		name      string
		gateway   func(t *testing.T) *fakeGateway
		cfg       IdentityConfig
		want      Identity
		warning   string
		wantCalls map[string]int
	}{
		{
			name:      "by the certificate's CN",
			gateway:   func(t *testing.T) *fakeGateway { return newFakeGateway(t, loadToolsDoc(t)) },
			cfg:       IdentityConfig{CertificateCN: "demo-app"},
			want:      Identity{WorkspaceID: "1", MiniAppID: "10", AppName: "demo-app"},
			wantCalls: map[string]int{"workspace_list": 1, "miniapp_list": 1},
		},
		{
			name:      "by the CN within the configured workspace",
			gateway:   twoWorkspaces,
			cfg:       IdentityConfig{WorkspaceID: "2", CertificateCN: "demo-app"},
			want:      Identity{WorkspaceID: "2", MiniAppID: "21", AppName: "demo-app"},
			wantCalls: map[string]int{"miniapp_list": 1},
		},
		{
			name:      "both configured: verified with one call",
			gateway:   twoWorkspaces,
			cfg:       IdentityConfig{WorkspaceID: "2", MiniAppID: "21", CertificateCN: "demo-app"},
			want:      Identity{WorkspaceID: "2", MiniAppID: "21", AppName: "demo-app"},
			wantCalls: map[string]int{"miniapp_list": 1},
		},
		{
			name:      "both configured, another name than the CN: a warning",
			gateway:   twoWorkspaces,
			cfg:       IdentityConfig{WorkspaceID: "2", MiniAppID: "20", CertificateCN: "demo-app"},
			want:      Identity{WorkspaceID: "2", MiniAppID: "20", AppName: "other-app"},
			warning:   `the console mini-app 20 (workspace 2) is named "other-app", but the client certificate's CN is "demo-app"`,
			wantCalls: map[string]int{"miniapp_list": 1},
		},
		{
			name:      "mini_app_id alone: looked for in every workspace",
			gateway:   twoWorkspaces,
			cfg:       IdentityConfig{MiniAppID: "21", CertificateCN: "demo-app"},
			want:      Identity{WorkspaceID: "2", MiniAppID: "21", AppName: "demo-app"},
			wantCalls: map[string]int{"workspace_list": 1, "miniapp_list": 2},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := tc.gateway(t)
			got, warnings, err := ResolveIdentity(t.Context(), g, loadToolsDoc(t).checked(t), tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("identity %+v, want %+v", got, tc.want)
			}
			switch {
			case tc.warning == "" && len(warnings) > 0:
				t.Errorf("unexpected warnings %q", warnings)
			case tc.warning != "" && (len(warnings) != 1 || !strings.Contains(warnings[0], tc.warning)):
				t.Errorf("warnings %q, want one containing %q", warnings, tc.warning)
			}
			assertCounts(t, g, tc.wantCalls)
		})
	}
}

func TestResolveIdentityRefusals(t *testing.T) {
	cases := []struct {
		name string
		cfg  IdentityConfig
		want []string
	}{
		{
			name: "no mini-app with the CN: everything seen is listed",
			cfg:  IdentityConfig{CertificateCN: "missing-app"},
			want: []string{
				`the console shows the signed-in account no mini-app named "missing-app" (the client certificate's CN) in any workspace`,
				`workspace 1 "Acme": mini-apps 10 "demo-app" (Demo)`,
				`workspace 2 "Beta": mini-apps 20 "other-app" (Other), 21 "demo-app"`,
				"Set workspace_id and mini_app_id in the provider's console block",
			},
		},
		{
			name: "several with the CN: each listed",
			cfg:  IdentityConfig{CertificateCN: "demo-app"},
			want: []string{
				`several console mini-apps fit (mini-app named "demo-app" (the client certificate's CN) in any workspace)`,
				`workspace 1 mini-app 10 ("demo-app"); workspace 2 mini-app 21 ("demo-app")`,
				"Set workspace_id and mini_app_id in the provider's console block to choose one",
			},
		},
		{
			name: "configured mini-app absent from its workspace",
			cfg:  IdentityConfig{WorkspaceID: "1", MiniAppID: "99", CertificateCN: "demo-app"},
			want: []string{`the console shows the signed-in account no mini-app 99 in workspace 1`, `workspace 1: mini-apps 10 "demo-app" (Demo)`},
		},
		{
			name: "no CN and no mini_app_id",
			cfg:  IdentityConfig{},
			want: []string{"the client certificate has no CN and the console block sets no mini_app_id"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := twoWorkspaces(t)
			_, _, err := ResolveIdentity(t.Context(), g, loadToolsDoc(t).checked(t), tc.cfg)
			if err == nil {
				t.Fatal("resolved")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message lacks %q:\n%s", w, err)
				}
			}
		})
	}
}

func TestResolveIdentityUnknownWorkspace(t *testing.T) {
	g := newFakeGateway(t, loadToolsDoc(t))
	_, _, err := ResolveIdentity(t.Context(), g, loadToolsDoc(t).checked(t),
		IdentityConfig{WorkspaceID: "404", CertificateCN: "demo-app"})
	var te *ToolError
	if !errors.As(err, &te) || !te.NotFound() || te.Tool != "miniapp_list" {
		t.Fatalf("err = %v, want the gateway's -32000 from miniapp_list", err)
	}
}
