package io.hearth.node.template;

/** A Go struct as templates see it: named fields, anything else is an error naming the type. */
public interface TemplateStruct {
  /** Returned by {@link #field} for a field the struct does not have. */
  Object MISSING = new Object();

  /** The field's value (may be null) or {@link #MISSING}. */
  Object field(String name);

  /** The Go type name used in error messages. */
  String goType();
}
