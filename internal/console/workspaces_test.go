package console

import (
	"errors"
	"reflect"
	"testing"
)

func TestListWorkspaces(t *testing.T) {
	doc := loadToolsDoc(t)
	g := twoWorkspaces(t)
	got, err := ListWorkspaces(t.Context(), g, doc.mcpTools(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []Workspace{{ID: "1", Name: "Acme"}, {ID: "2", Name: "Beta"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ListWorkspaces = %+v, want %+v", got, want)
	}
	if g.calls[toolWorkspaceList] != 1 || len(g.calls) != 1 {
		t.Fatalf("calls %v, want workspace_list once", g.calls)
	}
}

// A moved schema elsewhere (which CheckTools refuses) does not stop the workspaces from showing.
func TestListWorkspacesChecksOnlyWorkspaceList(t *testing.T) {
	doc := loadToolsDoc(t)
	doc.removeTool(toolPromotionList)
	doc.addRequired(toolPushTemplateCreate, "somethingNew")
	if _, err := CheckTools(doc.mcpTools(t)); err == nil {
		t.Fatal("CheckTools accepted the changed tools; the test needs a set it refuses")
	}
	got, err := ListWorkspaces(t.Context(), newFakeGateway(t, loadToolsDoc(t)), doc.mcpTools(t))
	if err != nil || len(got) != 1 || got[0].ID != "1" {
		t.Fatalf("ListWorkspaces = %+v, %v", got, err)
	}
}

func TestListWorkspacesRefusesASchemaItCannotFill(t *testing.T) {
	for name, change := range map[string]func(toolsDoc){
		"missing":            func(d toolsDoc) { d.removeTool(toolWorkspaceList) },
		"new required input": func(d toolsDoc) { d.addRequired(toolWorkspaceList, "organizationId") },
	} {
		t.Run(name, func(t *testing.T) {
			doc := loadToolsDoc(t)
			change(doc)
			g := newFakeGateway(t, loadToolsDoc(t))
			_, err := ListWorkspaces(t.Context(), g, doc.mcpTools(t))
			var mismatch *SchemaMismatchError
			if !errors.As(err, &mismatch) || len(mismatch.Problems) != 1 || mismatch.Problems[0].Tool != toolWorkspaceList {
				t.Fatalf("err = %v, want a SchemaMismatchError naming %s", err, toolWorkspaceList)
			}
			if len(g.calls) != 0 {
				t.Fatalf("calls %v, want none", g.calls)
			}
		})
	}
}
