# A template registered in the console, looked up by its code, to hand its send code
# (templateSetCode) to the service that calls send-message.
data "appsintoss_push_template" "order_shipped" {
  code = "ORDER_SHIPPED"
}

output "order_shipped_template_set_code" {
  value = data.appsintoss_push_template.order_shipped.template_set_code
}
