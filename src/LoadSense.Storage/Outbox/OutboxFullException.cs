namespace LoadSense.Storage.Outbox;

/// <summary>The outbox has no room for a batch under its <see cref="OutboxOptions.MaxPoints"/> cap; nothing was added or dropped.</summary>
public sealed class OutboxFullException : IOException
{
    /// <summary>Creates the exception.</summary>
    public OutboxFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public OutboxFullException()
        : this("The outbox is full.")
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public OutboxFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
