# Every approved push template of the mini-app, by code.
data "appsintoss_push_templates" "approved" {
  review_status = "APPROVED"
}

output "approved_template_set_codes" {
  value = { for t in data.appsintoss_push_templates.approved.templates : t.code => t.template_set_code }
}
